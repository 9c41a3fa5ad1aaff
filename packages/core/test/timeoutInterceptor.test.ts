import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  defineStage,
  InvalidOptionsError,
  Pipeline,
  StageTimeoutError,
  TimeoutInterceptor,
  type Interceptor,
} from "../src/index.js";
import { flush, track } from "./helpers/deferred.js";
import { RecordingSink } from "./helpers/recordingSink.js";
import { gatedStage, okStage } from "./helpers/stages.js";
import { VirtualClock } from "./helpers/virtualClock.js";

const snapshot = (): ContextSnapshot => ContextSnapshot.create();

describe("TimeoutInterceptor", () => {
  it("aborts the attempt's signal with StageTimeoutError, emits stage.timeout and fails the stage", async () => {
    const clock = new VirtualClock();
    const slow = gatedStage("slow", { honourSignal: true });
    const sink = new RecordingSink();
    const graph = new Pipeline("t").withStage(slow.stage, { timeoutMs: 100 }).build();
    const run = track(graph.run(snapshot(), { clock, eventSink: sink }));
    const ctx = await slow.started.promise;
    await clock.advance(99);
    expect(ctx.signal.aborted).toBe(false);
    expect(run.settled).toBe(false);
    await clock.advance(1);
    const result = await run.promise;
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBeInstanceOf(StageTimeoutError);
    expect(result.status).toBe("failed");
    expect(result.stages.slow).toMatchObject({ status: "fail", attempts: 1, durationMs: 100 });
    const error = result.stages.slow?.error as StageTimeoutError;
    expect(error).toBeInstanceOf(StageTimeoutError);
    expect(error).toMatchObject({ code: "STAGE_TIMEOUT", stage: "slow", timeoutMs: 100 });
    expect(sink.forStage("slow")).toEqual(["stage.started", "stage.timeout", "stage.failed"]);
    expect(sink.ofType("stage.timeout")[0]).toMatchObject({
      stage: "slow",
      attempt: 1,
      data: { timeoutMs: 100 },
    });
    expect(sink.ofType("stage.failed")[0]?.data).toMatchObject({
      error: { name: "StageTimeoutError", code: "STAGE_TIMEOUT" },
    });
  });

  it("fails on time a stage that never resolves and ignores its signal", async () => {
    const clock = new VirtualClock();
    const stuck = defineStage({ name: "stuck", execute: () => new Promise<never>(() => undefined) });
    const run = new Pipeline("stuck")
      .withStage(stuck, { timeoutMs: 5_000 })
      .withStage(okStage("next"), { dependsOn: [stuck] })
      .run(snapshot(), { clock });
    await clock.advance(5_000);
    const result = await run;
    expect(result.stages.stuck?.error).toBeInstanceOf(StageTimeoutError);
    expect(result.stages.next).toMatchObject({ status: "cancel", attempts: 0 });
    expect(clock.pendingCount).toBe(0);
  });

  it("bounds every stage of a run when attached as a run-level interceptor", async () => {
    const clock = new VirtualClock();
    const slow = gatedStage("slow", { honourSignal: true });
    const sink = new RecordingSink();
    const run = new Pipeline("run-level")
      .withStage(okStage("fast"))
      .withStage(slow.stage)
      .run(snapshot(), {
        clock,
        eventSink: sink,
        interceptors: [new TimeoutInterceptor({ timeoutMs: 250 })],
      });
    await slow.started.promise;
    await clock.advance(250);
    const result = await run;
    expect(result.stages.fast?.status).toBe("ok");
    expect(result.stages.slow?.error).toBeInstanceOf(StageTimeoutError);
    expect(sink.ofType("stage.timeout").map((e) => e.stage)).toEqual(["slow"]);
  });

  it("clears its timer when the stage finishes first", async () => {
    const clock = new VirtualClock();
    const result = await new Pipeline("fast")
      .withStage(okStage("quick"), { timeoutMs: 1_000 })
      .run(snapshot(), { clock });
    expect(result.status).toBe("completed");
    expect(clock.pendingCount).toBe(0);
  });

  it("passes the run's cancellation through to the stage before the timeout", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const slow = gatedStage("slow", { honourSignal: true });
    const run = new Pipeline("c")
      .withStage(slow.stage, { timeoutMs: 1_000 })
      .run(snapshot(), { clock, signal: controller.signal });
    const ctx = await slow.started.promise;
    controller.abort(new Error("bye"));
    const result = await run;
    expect(ctx.signal.aborted).toBe(true);
    expect(result.status).toBe("cancelled");
    expect(result.stages.slow?.status).toBe("cancel");
    expect(clock.pendingCount).toBe(0);
  });

  it("stops its timer when the run ends first, even if the stage ignores its signal", async () => {
    const clock = new VirtualClock();
    const sink = new RecordingSink();
    const controller = new AbortController();
    const hung = defineStage({ name: "hung", execute: () => new Promise<never>(() => undefined) });
    const run = new Pipeline("p")
      .withStage(hung, { timeoutMs: 60_000 })
      .build()
      .run(snapshot(), { clock, signal: controller.signal, abortGraceMs: 20, eventSink: sink });
    await clock.advance(10);
    controller.abort(new Error("client left"));
    await clock.advance(20);
    const result = await run;
    expect(result.status).toBe("cancelled");
    expect(result.stages.hung?.status).toBe("cancel");
    expect(clock.pendingCount).toBe(0);
    // Nothing is left to fire once the timeout would have passed.
    await clock.advance(60_000);
    expect(sink.ofType("stage.timeout")).toEqual([]);
    expect(sink.events.at(-1)?.type).toBe("pipeline.cancelled");
    expect(result.lateEvents).toBe(0);
  });

  it("still bounds a stage that ignores its signal after the run stopped, so a fail-fast run ends on time", async () => {
    const clock = new VirtualClock();
    const stubborn = defineStage({ name: "stubborn", execute: () => new Promise<never>(() => undefined) });
    const broken = defineStage({ name: "broken", execute: () => Promise.reject(new Error("broke")) });
    const run = track(
      new Pipeline("p")
        .withStage(stubborn, { timeoutMs: 100 })
        .withStage(broken)
        .run(snapshot(), { clock, abortGraceMs: 10_000 }),
    );
    await clock.advance(99);
    expect(run.settled).toBe(false);
    await clock.advance(1);
    const result = await run.promise;
    expect(result.status).toBe("failed");
    expect(result.durationMs).toBe(100);
    expect(result.stages.stubborn?.error).toBeInstanceOf(StageTimeoutError);
    expect(clock.pendingCount).toBe(0);
  });

  it("sits inside outer interceptors by default (priority 300) and can be moved outward", async () => {
    const signals = new Map<string, AbortSignal>();
    const tracer = (name: string, priority: number): Interceptor => ({
      name,
      priority,
      intercept: async (ctx, next) => {
        signals.set(name, ctx.signal);
        return next();
      },
    });
    const timeout = new TimeoutInterceptor({ timeoutMs: 50 });
    expect(timeout.priority).toBe(300);
    expect(new TimeoutInterceptor({ timeoutMs: 50, priority: 150 }).priority).toBe(150);
    await new Pipeline("order")
      .withStage(okStage("a"), { interceptors: [tracer("inner", 400), timeout, tracer("outer", 100)] })
      .run(snapshot());
    // Only layers inside the timeout see its per-attempt signal.
    expect(signals.get("outer")).not.toBe(signals.get("inner"));
    signals.clear();
    const early = new TimeoutInterceptor({ timeoutMs: 50, priority: 50 });
    await new Pipeline("order2")
      .withStage(okStage("a"), { interceptors: [tracer("inner", 400), early, tracer("outer", 100)] })
      .run(snapshot());
    expect(signals.get("outer")).toBe(signals.get("inner"));
  });

  it("validates its options, naming the closest key", () => {
    expect(() => new TimeoutInterceptor({ timeout_ms: 5 } as never)).toThrow(/Did you mean "timeoutMs"\?/);
    expect(() => new TimeoutInterceptor({ timeoutMs: 0 })).toThrow(InvalidOptionsError);
    expect(() => new TimeoutInterceptor({ timeoutMs: Number.POSITIVE_INFINITY })).toThrow(/positive finite/);
    expect(() => new Pipeline("p").withStage(okStage("a"), { timeoutMs: -1 })).toThrow(/positive finite/);
    for (const priority of [Number.NaN, Number.POSITIVE_INFINITY, "150"]) {
      expect(() => new TimeoutInterceptor({ timeoutMs: 5, priority: priority as number })).toThrow(
        /priority must be a finite number/,
      );
    }
    expect(new TimeoutInterceptor({ timeoutMs: 5, priority: 150 }).priority).toBe(150);
  });

  it("bounds every attempt of a stage wrapped by an outer retrying interceptor", async () => {
    const clock = new VirtualClock();
    let calls = 0;
    const flaky = defineStage({
      name: "flaky",
      execute: (ctx) => {
        calls++;
        // First attempt hangs until its signal aborts; the second succeeds.
        if (ctx.attempt === 1) {
          return new Promise((_, reject) =>
            ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error)),
          );
        }
        return { attempt: ctx.attempt };
      },
    });
    const retryOnce: Interceptor = {
      name: "retry-once",
      priority: 200,
      intercept: async (_ctx, next) => {
        const first = await next({ attempt: 1 });
        return first.status === "fail" ? next({ attempt: 2 }) : first;
      },
    };
    const run = new Pipeline("retry")
      .withStage(flaky, { timeoutMs: 10, interceptors: [retryOnce] })
      .run(snapshot(), { clock });
    await flush();
    await clock.advance(10);
    const result = await run;
    expect(calls).toBe(2);
    expect(result.stages.flaky).toMatchObject({ status: "ok", attempts: 2 });
    expect(result.output("flaky")?.data).toEqual({ attempt: 2 });
  });
});
