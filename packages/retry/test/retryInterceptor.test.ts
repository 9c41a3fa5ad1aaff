import { Pipeline, StageOutput, isStageflowError } from "@stageflow/core";
import {
  NonRetryableError,
  RetryExhaustedError,
  RetryInterceptor,
  ServiceUnavailableError,
  TransientError,
} from "@stageflow/retry";
import { describe, expect, it } from "vitest";
import { passThrough, runVirtual, scripted } from "./helpers.js";

const exact = { baseDelayMs: 100, maxDelayMs: 10_000, jitter: "none" } as const;

/** source → flaky → sink, with the retry on the run. */
function threeStages(steps: Parameters<typeof scripted>[1]) {
  const source = scripted("source", [{ value: { q: "hello" } }]);
  const flaky = scripted("flaky", steps);
  const sink = passThrough("sink", "flaky");
  const pipeline = new Pipeline("chat")
    .withStage(source.stage)
    .withStage(flaky.stage, { dependsOn: ["source"] })
    .withStage(sink.stage, { dependsOn: ["flaky"] });
  return { pipeline, flaky, source, sink };
}

describe("RetryInterceptor in a multi-stage pipeline", () => {
  it("succeeds on attempt 3 of 3, waiting the exact backoff between attempts", async () => {
    const { pipeline, flaky, sink, source } = threeStages([
      new TransientError("blip 1"),
      new ServiceUnavailableError("blip 2"),
      { value: { answer: 42 } },
    ]);
    const retry = new RetryInterceptor({ ...exact, maxAttempts: 3 });
    const { result, sink: events } = await runVirtual(pipeline, { interceptors: [retry] });

    expect(result.status).toBe("completed");
    expect(flaky.calls.map((c) => [c.attempt, c.at])).toEqual([
      [1, 0],
      [2, 100],
      [3, 300],
    ]);
    expect(result.stages.flaky?.attempts).toBe(3);
    expect(result.stages.source?.attempts).toBe(1);
    expect(source.calls).toHaveLength(1);
    // Downstream ran once, with only the final output.
    expect(sink.seen).toEqual([{ answer: 42 }]);
    expect(result.output("flaky")?.data).toEqual({ answer: 42 });

    const scheduled = events.ofType("stage.retry_scheduled");
    expect(
      scheduled.map((e) => [e.stage, e.attempt, e.data.attempt, e.data.delayMs, e.data.error.name]),
    ).toEqual([
      ["flaky", 1, 1, 100, "TransientError"],
      ["flaky", 2, 2, 200, "ServiceUnavailableError"],
    ]);
    expect(scheduled[0]?.data).toMatchObject({ backoff: "exponential", jitter: "none" });
    expect(scheduled[0]?.data.error).toEqual({
      name: "TransientError",
      message: "blip 1",
      code: "TRANSIENT",
    });
    expect(events.ofType("stage.retry_exhausted")).toEqual([]);
    expect(events.ofType("stage.completed").find((e) => e.stage === "flaky")?.data.attempts).toBe(3);
  });

  it("gives each attempt a fresh signal that follows the run's", async () => {
    const { pipeline, flaky } = threeStages([new TransientError("a"), new TransientError("b"), { value: 1 }]);
    await runVirtual(pipeline, { interceptors: [new RetryInterceptor(exact)] });
    const signals = flaky.calls.map((c) => c.signal);
    expect(new Set(signals).size).toBe(3);
    // Failed attempts are told to stop; the successful one is left alone.
    expect(signals.map((s) => s.aborted)).toEqual([true, true, false]);
  });

  it("fails on attempt 2 of 2 with RetryExhaustedError listing every attempt's error", async () => {
    const first = new TransientError("first");
    const second = new TransientError("second");
    const { pipeline, flaky, sink } = threeStages([first, second]);
    const { result, sink: events } = await runVirtual(pipeline, {
      interceptors: [new RetryInterceptor({ ...exact, maxAttempts: 2 })],
    });

    expect(result.status).toBe("failed");
    expect(flaky.calls).toHaveLength(2);
    const error = result.stages.flaky?.error;
    expect(error).toBeInstanceOf(RetryExhaustedError);
    const exhausted = error as RetryExhaustedError;
    expect(exhausted.cause).toBe(second);
    expect(exhausted.errors).toEqual([first, second]);
    expect(exhausted.attempts).toBe(2);
    expect(exhausted.reason).toBe("maxAttempts");
    expect(exhausted.code).toBe("RETRY_EXHAUSTED");
    expect(isStageflowError(exhausted)).toBe(true);
    expect(exhausted.message).toMatch(
      /Stage "flaky" failed after 2 attempts: maxAttempts \(2\) reached\. Last error: second/,
    );
    expect(result.stages.flaky?.attempts).toBe(2);
    expect(sink.seen).toEqual([]);
    expect(result.stages.sink?.status).toBe("cancel");

    expect(events.ofType("stage.retry_scheduled")).toHaveLength(1);
    const [done] = events.ofType("stage.retry_exhausted");
    expect(done?.attempt).toBe(2);
    expect(done?.data).toEqual({
      attempts: 2,
      reason: "maxAttempts",
      error: { name: "TransientError", message: "second", code: "TRANSIENT" },
    });
    expect(events.ofType("stage.failed").find((e) => e.stage === "flaky")?.data.error.code).toBe(
      "RETRY_EXHAUSTED",
    );
  });

  it("retries a returned StageOutput.retry(...) like a thrown transient error", async () => {
    const { pipeline, flaky } = threeStages([StageOutput.retry("not ready yet"), { value: "ready" }]);
    const { result, sink } = await runVirtual(pipeline, { interceptors: [new RetryInterceptor(exact)] });
    expect(result.status).toBe("completed");
    expect(flaky.calls).toHaveLength(2);
    expect(sink.ofType("stage.retry_scheduled")[0]?.data.error.message).toBe("not ready yet");
  });

  it("fails at once, with the stage's own error, on NonRetryableError", async () => {
    const fatal = new NonRetryableError("API key rejected");
    const { pipeline, flaky } = threeStages([new TransientError("blip"), fatal, { value: "never" }]);
    const { result, sink } = await runVirtual(pipeline, { interceptors: [new RetryInterceptor(exact)] });
    expect(flaky.calls).toHaveLength(2);
    expect(result.stages.flaky?.error).toBe(fatal);
    expect(sink.ofType("stage.retry_scheduled")).toHaveLength(1);
    expect(sink.ofType("stage.retry_exhausted")).toEqual([]);
  });

  it("does not retry an ordinary error unless retryOn accepts it", async () => {
    const plain = new Error("bug in the prompt template");
    const { pipeline, flaky } = threeStages([plain, { value: "ok" }]);
    const { result } = await runVirtual(pipeline, { interceptors: [new RetryInterceptor(exact)] });
    expect(flaky.calls).toHaveLength(1);
    expect(result.stages.flaky?.error).toBe(plain);
  });

  it("never retries a cancel output", async () => {
    const { pipeline, flaky } = threeStages([StageOutput.cancel("guard refused"), { value: "ok" }]);
    const { result, sink } = await runVirtual(pipeline, { interceptors: [new RetryInterceptor(exact)] });
    expect(flaky.calls).toHaveLength(1);
    expect(result.status).toBe("cancelled");
    expect(sink.ofType("stage.retry_scheduled")).toEqual([]);
  });

  it("uses the run's random source for jitter", async () => {
    const { pipeline } = threeStages([new TransientError("a"), new TransientError("b"), { value: 1 }]);
    const retry = new RetryInterceptor({ baseDelayMs: 1000, jitter: "full" });
    const { sink } = await runVirtual(pipeline, { interceptors: [retry], random: () => 0.25 });
    expect(sink.ofType("stage.retry_scheduled").map((e) => e.data.delayMs)).toEqual([250, 500]);
  });

  it("stops scheduling retries once the next attempt would start after maxElapsedMs", async () => {
    const { pipeline, flaky } = threeStages([new TransientError("down")]);
    const retry = new RetryInterceptor({ ...exact, maxAttempts: 10, maxElapsedMs: 1000 });
    const { result, sink, clock } = await runVirtual(pipeline, { interceptors: [retry] });
    // Attempts at 0, 100, 300, 700; the next would start at 1500.
    expect(flaky.calls.map((c) => c.at)).toEqual([0, 100, 300, 700]);
    expect(clock.now()).toBe(700);
    const error = result.stages.flaky?.error as RetryExhaustedError;
    expect(error.reason).toBe("maxElapsedMs");
    expect(error.errors).toHaveLength(4);
    expect(sink.ofType("stage.retry_exhausted")[0]?.data.reason).toBe("maxElapsedMs");
  });

  it("keeps decorrelated jitter state per run: a second run starts again from baseDelayMs", async () => {
    const retry = new RetryInterceptor({
      baseDelayMs: 100,
      maxDelayMs: 100_000,
      jitter: "decorrelated",
      maxAttempts: 4,
    });
    const delays: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const { pipeline } = threeStages([new TransientError("down")]);
      const { sink } = await runVirtual(pipeline, {
        interceptors: [retry],
        random: () => 1 - Number.EPSILON,
      });
      delays.push(sink.ofType("stage.retry_scheduled").map((e) => Math.round(e.data.delayMs)));
    }
    expect(delays[0]).toEqual([300, 900, 2700]);
    expect(delays[1]).toEqual(delays[0]);
  });

  it("serves concurrent runs from one instance without mixing their attempts", async () => {
    const retry = new RetryInterceptor({ ...exact, maxAttempts: 3 });
    const a = threeStages([new TransientError("a1"), { value: "a" }]);
    const b = threeStages([new TransientError("b1"), new TransientError("b2"), { value: "b" }]);
    const [ra, rb] = await Promise.all([
      runVirtual(a.pipeline, { interceptors: [retry] }),
      runVirtual(b.pipeline, { interceptors: [retry] }),
    ]);
    expect(ra.result.stages.flaky?.attempts).toBe(2);
    expect(rb.result.stages.flaky?.attempts).toBe(3);
    expect(ra.sink.ofType("stage.retry_scheduled")).toHaveLength(1);
    expect(rb.sink.ofType("stage.retry_scheduled")).toHaveLength(2);
  });
});
