// Retrying a flaky stage: transient failures, a rate limit with Retry-After, and a fatal error.
import { ContextSnapshot, Pipeline, defineStage } from "@stageflow/core";
import {
  BackoffStrategy,
  JitterStrategy,
  NonRetryableError,
  RateLimitError,
  RetryExhaustedError,
  RetryInterceptor,
  TransientError,
} from "@stageflow/retry";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";

let calls = 0;
const search = defineStage({
  name: "search",
  execute: (ctx) => {
    calls++;
    if (ctx.attempt === 1) throw new TransientError("connection reset");
    if (ctx.attempt === 2) throw new RateLimitError("slow down", { retryAfterMs: 5_000 });
    return { hits: 3 };
  },
});
const charge = defineStage({
  name: "charge",
  execute: () => {
    throw new NonRetryableError("card declined"); // never retried, whatever the policy
  },
});
const flaky = defineStage({
  name: "flaky",
  execute: () => {
    throw new TransientError("still down");
  },
});

const retry = new RetryInterceptor({
  maxAttempts: 4, // counts the first call
  baseDelayMs: 1_000,
  backoff: BackoffStrategy.EXPONENTIAL,
  jitter: JitterStrategy.NONE, // deterministic for this page; keep FULL in production
  stages: { flaky: { maxAttempts: 2 } },
});

// Virtual time: the seconds of backoff below take no real time at all.
const clock = new FakeClock();
const sink = new RecordingEventSink();

// One stage per run here, so the fail-fast of one does not cancel the others.
for (const stage of [search, charge, flaky]) {
  const running = new Pipeline(stage.name)
    .withStage(stage)
    .run(ContextSnapshot.create(), { interceptors: [retry], eventSink: sink, clock });
  await clock.runAll();
  const result = await running;
  const record = result.stages[stage.name];
  console.log(
    `${stage.name}: ${record?.status} after ${record?.attempts} attempt(s)${record?.error ? ` - ${record.error.name}: ${record.error.message}` : ""}`,
  );
  if (record?.error instanceof RetryExhaustedError)
    console.log(`  every attempt: ${record.error.errors.map((e) => e.message).join(", ")}`);
}

for (const event of sink.ofType("stage.retry_scheduled")) {
  const data = event.data as { attempt: number; delayMs: number; error: { name: string } };
  console.log(
    `retry_scheduled ${event.stage}: attempt ${data.attempt} failed (${data.error.name}), waiting ${data.delayMs} ms`,
  );
}
console.log(
  "retry_exhausted:",
  sink
    .ofType("stage.retry_exhausted")
    .map((e) => e.stage)
    .join(", "),
);
console.log("search calls:", calls, "- virtual ms elapsed:", clock.now());
