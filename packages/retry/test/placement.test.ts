import { defineStage, Pipeline, StageTimeoutError, TimeoutInterceptor } from "@stageflow/core";
import {
  NonRetryableError,
  RetryInterceptor,
  TransientError,
  type RetryExhaustedError,
} from "@stageflow/retry";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { runVirtual, scripted } from "./helpers.js";

const exact = { baseDelayMs: 100, maxDelayMs: 10_000, jitter: "none" } as const;

/** A stage that takes `durations[n]` ms of virtual time on attempt n+1, honouring its signal. */
function slow(name: string, durations: readonly number[]) {
  const starts: number[] = [];
  const stage = defineStage({
    name,
    kind: "work",
    execute: async (ctx) => {
      starts.push(ctx.clock.now());
      await ctx.clock.sleep(durations[Math.min(starts.length, durations.length) - 1] ?? 0, ctx.signal);
      return { attempt: ctx.attempt };
    },
  });
  return { stage, starts };
}

describe("aborting the run during a backoff", () => {
  it("cancels the stage at once, with no further attempt and no timer left behind", async () => {
    const flaky = scripted("llm", [new TransientError("blip"), { value: "late" }]);
    const pipeline = new Pipeline("p").withStage(flaky.stage, {
      interceptors: [new RetryInterceptor({ ...exact, baseDelayMs: 60_000, maxDelayMs: 60_000 })],
    });
    const clock = new FakeClock();
    const sink = new RecordingEventSink();
    const controller = new AbortController();
    const running = pipeline.run(createTestSnapshot(), { clock, eventSink: sink, signal: controller.signal });
    await sink.waitFor("stage.retry_scheduled");
    expect(clock.pendingTimers).toBe(1);
    controller.abort(new Error("user pressed stop"));
    const result = await running;

    expect(result.status).toBe("cancelled");
    expect(result.stages.llm?.status).toBe("cancel");
    expect(flaky.calls).toHaveLength(1);
    expect(clock.now()).toBe(0); // nothing waited for the 60 s backoff
    expect(clock.pendingTimers).toBe(0);
    expect(sink.ofType("stage.retry_exhausted")).toEqual([]);
    expect(sink.ofType("stage.cancelled")[0]?.data.reason).toMatch(
      /aborted while waiting 60000 ms.*user pressed stop/,
    );
  });
});

describe("timeouts and retries", () => {
  it("bounds each attempt when the timeout sits inside the retry (the default priorities)", async () => {
    const work = slow("llm", [500, 500, 20]);
    const pipeline = new Pipeline("p").withStage(work.stage, {
      timeoutMs: 100,
      interceptors: [new RetryInterceptor({ ...exact, maxAttempts: 3 })],
    });
    const { result, sink } = await runVirtual(pipeline);
    expect(result.status).toBe("completed");
    expect(result.output("llm")?.data).toEqual({ attempt: 3 });
    // Each attempt got the full 100 ms: timeouts at 100 and 300, waits of 100 and 200.
    expect(work.starts).toEqual([0, 200, 500]);
    expect(sink.ofType("stage.timeout")).toHaveLength(2);
    expect(sink.ofType("stage.retry_scheduled").map((e) => e.data.error.name)).toEqual([
      "StageTimeoutError",
      "StageTimeoutError",
    ]);
  });

  it("bounds all attempts together when the timeout sits outside the retry", async () => {
    const work = slow("llm", [80]);
    const failing = defineStage({
      name: "llm",
      kind: "work",
      execute: async (ctx) => {
        await work.stage.execute(ctx);
        throw new TransientError("upstream 502");
      },
    });
    const overall = new TimeoutInterceptor({ timeoutMs: 250, priority: 150 });
    const pipeline = new Pipeline("p").withStage(failing, {
      interceptors: [overall, new RetryInterceptor({ ...exact, maxAttempts: 10 })],
    });
    const { result, clock } = await runVirtual(pipeline);
    // Attempts at 0 and 180 (80 ms + 100 ms wait); the second is cut off at 250 overall.
    expect(work.starts).toEqual([0, 180]);
    expect(result.stages.llm?.error).toBeInstanceOf(StageTimeoutError);
    expect(result.stages.llm?.attempts).toBe(2);
    expect(clock.now()).toBe(250);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("retry combined with fail-fast siblings", () => {
  it("stops retrying when a sibling fails: the waiting stage is cancelled and the run fails", async () => {
    const flaky = scripted("search", [new TransientError("blip")]);
    const fatal = new NonRetryableError("bad input");
    const broken = defineStage({
      name: "validate",
      kind: "guard",
      execute: async (ctx) => {
        await ctx.clock.sleep(250, ctx.signal);
        throw fatal;
      },
    });
    const pipeline = new Pipeline("p").withStage(flaky.stage).withStage(broken);
    const retry = new RetryInterceptor({ ...exact, maxAttempts: 5 });
    const { result, clock, sink } = await runVirtual(pipeline, { interceptors: [retry] });

    expect(result.status).toBe("failed");
    expect(result.stages.validate?.error).toBe(fatal);
    expect(result.stages.search?.status).toBe("cancel");
    // Attempts at 0, 100 (wait 100) and then a 200 ms wait cut short by the failure at 250.
    expect(flaky.calls.map((c) => c.at)).toEqual([0, 100]);
    expect(clock.now()).toBe(250);
    expect(sink.ofType("stage.retry_scheduled")).toHaveLength(2);
    expect(sink.ofType("stage.retry_exhausted")).toEqual([]);
  });

  it("aborts a running attempt's own signal when a sibling fails, and does not retry it", async () => {
    const attemptSignals: AbortSignal[] = [];
    const hanging = defineStage({
      name: "search",
      kind: "work",
      execute: async (ctx) => {
        attemptSignals.push(ctx.signal);
        if (ctx.attempt === 1) throw new TransientError("blip");
        await ctx.clock.sleep(10_000, ctx.signal); // attempt 2 is still running when the sibling fails
        return "late";
      },
    });
    const broken = defineStage({
      name: "validate",
      kind: "guard",
      execute: async (ctx) => {
        await ctx.clock.sleep(150, ctx.signal);
        throw new NonRetryableError("bad input");
      },
    });
    const pipeline = new Pipeline("p").withStage(hanging).withStage(broken);
    const { result, clock } = await runVirtual(pipeline, { interceptors: [new RetryInterceptor(exact)] });
    expect(attemptSignals).toHaveLength(2);
    expect(attemptSignals[1]?.aborted).toBe(true);
    expect(result.stages.search?.status).toBe("cancel");
    expect(result.stages.search?.attempts).toBe(2);
    expect(clock.now()).toBe(150);
  });

  it("lets the sibling retry to success when nothing else fails", async () => {
    const flaky = scripted("search", [new TransientError("blip"), { value: ["doc"] }]);
    const other = scripted("profile", [{ value: { tier: "pro" } }]);
    const pipeline = new Pipeline("p").withStage(flaky.stage).withStage(other.stage);
    const { result } = await runVirtual(pipeline, { interceptors: [new RetryInterceptor(exact)] });
    expect(result.status).toBe("completed");
    expect(result.stages.search?.attempts).toBe(2);
    expect(result.stages.profile?.attempts).toBe(1);
  });
});

describe("per-stage policies", () => {
  it("applies stages overrides by name and leaves other stages on the defaults", async () => {
    const llm = scripted("llm", [new TransientError("busy")]);
    const search = scripted("search", [new TransientError("busy")]);
    const retry = new RetryInterceptor({
      ...exact,
      maxAttempts: 2,
      stages: { llm: { maxAttempts: 5, baseDelayMs: 10 } },
    });
    // Fail-fast would stop llm when search gives up, so each runs in its own pipeline.
    await runVirtual(new Pipeline("a").withStage(llm.stage), { interceptors: [retry] });
    await runVirtual(new Pipeline("b").withStage(search.stage), { interceptors: [retry] });
    expect(llm.calls.map((c) => c.at)).toEqual([0, 10, 30, 70, 150]);
    expect(search.calls.map((c) => c.at)).toEqual([0, 100]);
    expect(retry.policyFor("llm")).toMatchObject({
      maxAttempts: 5,
      baseDelayMs: 10,
      maxDelayMs: 10_000,
      jitter: "none",
    });
  });

  it("turns retrying off for a stage mapped to false", async () => {
    const charge = scripted("charge", [new TransientError("gateway timeout"), { value: "paid" }]);
    const retry = new RetryInterceptor({ ...exact, stages: { charge: false } });
    const { result } = await runVirtual(new Pipeline("p").withStage(charge.stage), { interceptors: [retry] });
    expect(charge.calls).toHaveLength(1);
    expect(result.stages.charge?.error?.message).toBe("gateway timeout");
    expect(retry.policyFor("charge")).toBeUndefined();
  });

  it("lets the stage's own retry decide alone, even when the run-wide one would retry", async () => {
    const llm = scripted("llm", [new TransientError("busy"), { value: "ok" }]);
    const runWide = new RetryInterceptor({ ...exact, maxAttempts: 3 });
    const own = new RetryInterceptor({ ...exact, retryOn: () => false });
    const pipeline = new Pipeline("p").withStage(llm.stage, { interceptors: [own] });
    const { result, sink } = await runVirtual(pipeline, { interceptors: [runWide] });
    expect(llm.calls).toHaveLength(1);
    expect(result.stages.llm?.error?.message).toBe("busy");
    expect(sink.ofType("stage.retry_scheduled")).toEqual([]);
  });

  it("lets a retry attached with withStage replace a run-wide one instead of multiplying attempts", async () => {
    const llm = scripted("llm", [new TransientError("busy")]);
    const runWide = new RetryInterceptor({ ...exact, maxAttempts: 3 });
    const own = new RetryInterceptor({ ...exact, maxAttempts: 4, baseDelayMs: 10 });
    const pipeline = new Pipeline("p").withStage(llm.stage, { interceptors: [own] });
    const { result, sink } = await runVirtual(pipeline, { interceptors: [runWide] });
    expect(llm.calls).toHaveLength(4);
    expect(llm.calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
    expect(sink.ofType("stage.retry_scheduled").map((e) => e.data.delayMs)).toEqual([10, 20, 40]);
    expect(sink.ofType("stage.retry_exhausted")).toHaveLength(1);
    expect((result.stages.llm?.error as RetryExhaustedError).attempts).toBe(4);
  });
});
