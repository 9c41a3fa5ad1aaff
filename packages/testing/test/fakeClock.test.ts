import { defineStage, Pipeline, StageOutput, StageTimeoutError, TimeoutInterceptor } from "@stageflow/core";
import { createTestSnapshot, FakeClock, FakeClockLoopError, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";

describe("FakeClock", () => {
  it("completes a run whose stage sleeps 10 minutes without waiting in real time", async () => {
    const clock = new FakeClock({ now: 1_000 });
    const nap = defineStage({
      name: "nap",
      execute: async (ctx) => {
        await ctx.clock.sleep(10 * 60_000, ctx.signal);
        return { wokeAt: ctx.clock.now() };
      },
    });
    const graph = new Pipeline("p").withStage(nap).build();
    const running = graph.run(createTestSnapshot(), { clock });
    const fired = await clock.runAll();
    const result = await running;
    expect(result.status).toBe("completed");
    expect(result.require("nap").data).toEqual({ wokeAt: 1_000 + 600_000 });
    expect(result.durationMs).toBe(600_000);
    expect(fired).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it("wakes three concurrent sleepers in the order of their delays", async () => {
    const clock = new FakeClock();
    const woke: string[] = [];
    const sleeper = (name: string, ms: number) =>
      clock.sleep(ms).then(() => {
        woke.push(`${name}@${clock.now()}`);
      });
    const all = Promise.all([sleeper("slow", 300), sleeper("fast", 100), sleeper("mid", 200)]);
    await clock.advance(150);
    expect(woke).toEqual(["fast@100"]);
    expect(clock.now()).toBe(150);
    await clock.advance(1_000);
    await all;
    expect(woke).toEqual(["fast@100", "mid@200", "slow@300"]);
    expect(clock.now()).toBe(1_150);
  });

  it("rejects a sleep with the signal's reason when aborted, and removes its timer", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    expect(clock.pendingTimers).toBe(1);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    await expect(clock.sleep(5, controller.signal)).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
  });

  it("fails a stage at its timeout under runAll() and leaves no timer behind", async () => {
    const clock = new FakeClock();
    const slow = defineStage({
      name: "slow",
      execute: async (ctx) => {
        await ctx.clock.sleep(120_000, ctx.signal);
        return "late";
      },
    });
    const sink = new RecordingEventSink();
    const graph = new Pipeline("p")
      .withStage(slow, { interceptors: [new TimeoutInterceptor({ timeoutMs: 30_000 })] })
      .build();
    const running = graph.run(createTestSnapshot(), { clock, eventSink: sink });
    await clock.runAll();
    const result = await running;
    expect(result.status).toBe("failed");
    expect(result.stages.slow?.error).toBeInstanceOf(StageTimeoutError);
    expect(result.stages.slow?.durationMs).toBe(30_000);
    expect(sink.ofType("stage.timeout")[0]?.data.timeoutMs).toBe(30_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it("orders a sleep started after several awaits before a longer sleep started earlier", async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    const late = (async () => {
      for (let i = 0; i < 50; i++) await Promise.resolve();
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      await clock.sleep(10);
      order.push(`short@${clock.now()}`);
    })();
    const early = clock.sleep(1_000).then(() => order.push(`long@${clock.now()}`));
    await clock.runAll();
    await Promise.all([late, early]);
    expect(order).toEqual(["short@10", "long@1000"]);
  });

  it("fails runAll() with a clear error when something sleeps in an endless loop", async () => {
    const clock = new FakeClock({ maxJumps: 50 });
    const stop = new AbortController();
    const poll = (async () => {
      for (;;) await clock.sleep(1_000, stop.signal);
    })();
    const failure = await clock.runAll().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FakeClockLoopError);
    expect((failure as Error).message).toMatch(/fired 50 timers.*sleeps in a loop/);
    stop.abort(new Error("done"));
    await expect(poll).rejects.toThrow("done");
  });

  it("lets a stage's result be read when time is advanced by hand", async () => {
    const clock = new FakeClock();
    const stage = defineStage({
      name: "s",
      execute: async (ctx) => (await ctx.clock.sleep(500, ctx.signal), StageOutput.ok(1)),
    });
    const running = new Pipeline("p").withStage(stage).build().run(createTestSnapshot(), { clock });
    await clock.advance(499);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    expect((await running).require("s").data).toBe(1);
  });

  it("rejects unknown options naming the closest key", () => {
    expect(() => new FakeClock({ max_jumps: 3 } as never)).toThrow(/maxJumps/);
  });
});
