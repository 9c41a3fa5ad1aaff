/**
 * Regression tests for invariant violations the fault matrix and chaos runs found, each named after
 * what broke.
 */
import { ContextSnapshot, Pipeline, defineStage, type Clock } from "@stageflow/core";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { CircuitBreakerInterceptor, CircuitState } from "@stageflow/tolerance";
import { describe, expect, it } from "vitest";

describe("regressions", () => {
  it("durations stay non-negative when the wall clock steps backwards during a run", async () => {
    const clock = new FakeClock({ now: 10_000_000 });
    let reads = 0;
    // Reads after the third see the clock an hour earlier, as after an NTP step.
    const stepping: Clock = {
      now: () => clock.now() - (++reads > 3 ? 3_600_000 : 0),
      sleep: (ms, s) => clock.sleep(ms, s),
    };
    const slow = defineStage({ name: "slow", execute: async (ctx) => ctx.clock.sleep(50, ctx.signal) });
    const after = defineStage({ name: "after", execute: () => ({ done: true }) });
    const graph = new Pipeline("ntp")
      .withStage(slow)
      .withStage(after, { dependsOn: [slow] })
      .build();
    const pending = graph.run(ContextSnapshot.create(), { clock: stepping });
    await clock.runAll();
    const result = await pending;
    expect(result.status).toBe("completed");
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    for (const record of Object.values(result.stages)) expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("a stage's own error thrown while the run is stopping is kept as its failure, not turned into a cancellation", async () => {
    const clock = new FakeClock();
    const first = defineStage({ name: "first", execute: () => Promise.reject(new Error("first broke")) });
    // Throws its own error after the run's signal has aborted, without looking at the signal.
    const second = defineStage({
      name: "second",
      execute: async () => {
        await Promise.resolve();
        await Promise.resolve();
        throw new Error("second broke on its own");
      },
    });
    const polite = defineStage({ name: "polite", execute: (ctx) => ctx.clock.sleep(1_000, ctx.signal) });
    const pending = new Pipeline("stopping")
      .withStage(first)
      .withStage(second)
      .withStage(polite)
      .run(ContextSnapshot.create(), { clock });
    await clock.runAll();
    const result = await pending;
    expect(result.status).toBe("failed");
    expect(result.stages.first?.status).toBe("fail");
    expect(result.stages.second?.status).toBe("fail");
    expect(result.stages.second?.error?.message).toBe("second broke on its own");
    expect(result.errors.map((f) => f.stage).sort()).toEqual(["first", "second"]);
    // The abort itself still surfaces as a cancellation.
    expect(result.stages.polite?.status).toBe("cancel");
  });

  it("a timeout on a stage that ignores its signal neither outlives a cancelled run nor opens a breaker after it", async () => {
    const clock = new FakeClock();
    const sink = new RecordingEventSink();
    const breaker = new CircuitBreakerInterceptor({ breaker: { failureThreshold: 1 } });
    const hung = defineStage({ name: "hung", execute: () => new Promise<never>(() => undefined) });
    const controller = new AbortController();
    const pending = new Pipeline("p", { interceptors: [breaker] })
      .withStage(hung, { timeoutMs: 60_000 })
      .build()
      .run(ContextSnapshot.create(), { clock, signal: controller.signal, abortGraceMs: 20, eventSink: sink });
    await clock.advance(10);
    controller.abort(new Error("client left"));
    await clock.advance(20);
    const result = await pending;
    expect(result.status).toBe("cancelled");
    expect(clock.pendingTimers).toBe(0);

    // The minute the timeout would have lasted passes with nothing left to fire.
    await clock.advance(60_000);
    expect(sink.ofType("stage.timeout")).toEqual([]);
    expect(sink.events.at(-1)?.type).toBe("pipeline.cancelled");
    sink.assertWellFormed();
    expect(breaker.breaker.stateOf("hung")).toBe(CircuitState.CLOSED);
    expect(breaker.breaker.failuresOf("hung")).toBe(0);
  });
});
