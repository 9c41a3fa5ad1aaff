// A production-shaped setup: shared policies, a buffered logging sink, request cancellation, strict results.
import {
  BufferedEventSink,
  ContextSnapshot,
  LoggingEventSink,
  Pipeline,
  PipelineFailedError,
  StageKind,
  defineStage,
  type CompatibleLogger,
} from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";
import { BackpressureMonitor, FailureMode, backpressure, failureTolerance } from "@stageflow/tolerance";

// Collect log lines here; in production pass pino (or any logger with debug/info/warn/error).
const warnings: string[] = [];
const logger: CompatibleLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (_o, msg) => warnings.push(`warn ${msg}`),
  error: (_o, msg) => warnings.push(`error ${msg}`),
};

// Built once at startup and shared by every request.
const retry = new RetryInterceptor({
  maxAttempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 5,
  stages: { charge: false },
});
const monitor = new BackpressureMonitor({ maxActiveStages: 32, queueSizeLimit: 256 });
const sink = new BufferedEventSink({
  target: new LoggingEventSink({ logger }),
  capacity: 10_000,
  dropPolicy: "drop_oldest",
});

const recommend = defineStage({
  name: "recommend",
  kind: StageKind.ENRICH,
  execute: async (ctx) => {
    // Honour the signal: the request may be cancelled while this waits.
    await ctx.clock.sleep(10_000, ctx.signal);
    return { items: [] };
  },
});
const order = defineStage({ name: "order", kind: StageKind.WORK, execute: () => ({ orderId: "o-1" }) });

const graph = new Pipeline("checkout", { interceptors: [retry] })
  .withStage(order, { timeoutMs: 5_000 })
  .withStage(recommend, { timeoutMs: 30_000 })
  .build();

// Per request: a snapshot with identity, the request's abort signal, and run-level plugins.
const request = new AbortController();
const running = graph.run(ContextSnapshot.create({ runId: { requestId: "req-9", userId: "u-1" } }), {
  eventSink: sink,
  signal: request.signal,
  plugins: [backpressure(monitor), failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
  abortGraceMs: 2_000,
});
setTimeout(() => request.abort(new Error("client went away")), 20); // the user closed the page
const result = await running;
await sink.flush(); // before the process exits

console.log("status:", result.status, "-", result.cancelReason?.message);
console.log("order:", result.stages["order"]?.status, "recommend:", result.stages["recommend"]?.status);
console.log("dropped events:", sink.droppedCount, "sink errors:", result.sinkErrors);
console.log("logged:", warnings.join(", "));
try {
  result.throwIfFailed();
} catch (error) {
  console.log(
    "throwIfFailed:",
    error instanceof PipelineFailedError ? "PipelineFailedError" : (error as Error).name,
  );
}
