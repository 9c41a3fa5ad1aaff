import { defineStage, Pipeline, StageOutput, type Interceptor } from "@stageflow/core";
import { createTestSnapshot, FakeClock, RecordingEventSink, runStage } from "@stageflow/testing";
import { describe, expect, it } from "vitest";

/** A real interceptor that retries failed attempts after exponential backoff on the run's clock. */
function backoffRetry(maxAttempts: number, baseMs: number): Interceptor {
  return {
    name: "backoff-retry",
    priority: 200,
    async intercept(ctx, next) {
      let output = await next();
      for (let attempt = 2; attempt <= maxAttempts && output.status === "fail"; attempt++) {
        const delayMs = baseMs * 2 ** (attempt - 2);
        ctx.emit("stage.retry_scheduled", {
          attempt: attempt - 1,
          delayMs,
          error: { name: "Error", message: output.error?.message ?? "" },
          backoff: "exponential",
          jitter: "none",
        });
        await ctx.clock.sleep(delayMs, ctx.signal);
        output = await next({ attempt });
      }
      return output;
    },
  };
}

describe("FakeClock in detail", () => {
  it("runs a pipeline with minutes of retry backoff instantly, with virtual durations", async () => {
    let calls = 0;
    const flaky = defineStage({
      name: "flaky",
      execute: async () => {
        calls++;
        await Promise.resolve();
        return calls < 4 ? StageOutput.fail(new Error(`attempt ${calls} failed`)) : { ok: true };
      },
    });
    const clock = new FakeClock();
    const sink = new RecordingEventSink();
    const graph = new Pipeline("p").withStage(flaky, { interceptors: [backoffRetry(5, 60_000)] }).build();
    const running = graph.run(createTestSnapshot(), { clock, eventSink: sink });
    await clock.runAll();
    const result = await running;
    expect(result.status).toBe("completed");
    expect(sink.ofType("stage.retry_scheduled").map((e) => e.data.delayMs)).toEqual([
      60_000, 120_000, 240_000,
    ]);
    expect(result.stages.flaky?.durationMs).toBe(420_000);
    expect(sink.ofType("stage.completed")[0]?.timestamp).toBe(420_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it("fires timers due at the same time in the order they were created", async () => {
    const clock = new FakeClock();
    const order: number[] = [];
    const sleeps = [0, 1, 2, 3].map((i) => clock.sleep(100).then(() => order.push(i)));
    await clock.advance(100);
    await Promise.all(sleeps);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("treats negative and NaN delays as 0 and never fires an infinite sleep", async () => {
    const clock = new FakeClock({ now: 50 });
    let infiniteWoke = false;
    void clock.sleep(Infinity).then(() => {
      infiniteWoke = true;
    });
    const zero = clock.sleep(-5);
    const nan = clock.sleep(Number.NaN);
    expect(clock.nextTimerAt).toBe(50);
    expect(await clock.runAll()).toBe(2);
    await Promise.all([zero, nan]);
    expect(clock.now()).toBe(50);
    await clock.advance(1e12);
    expect(infiniteWoke).toBe(false);
    expect(clock.pendingTimers).toBe(1);
  });

  it("lets a woken sleeper schedule a sleep that fires before a later one within the same advance", async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    const chained = clock.sleep(10).then(async () => {
      order.push(`a@${clock.now()}`);
      await clock.sleep(5);
      order.push(`b@${clock.now()}`);
    });
    const later = clock.sleep(20).then(() => order.push(`c@${clock.now()}`));
    await clock.advance(30);
    await Promise.all([chained, later]);
    expect(order).toEqual(["a@10", "b@15", "c@20"]);
    expect(clock.now()).toBe(30);
  });

  it("rejects invalid advance() amounts", async () => {
    const clock = new FakeClock();
    await expect(clock.advance(-1)).rejects.toThrow(/ms must be a finite number ≥ 0/);
    await expect(clock.advance(Infinity)).rejects.toThrow(/finite/);
    expect(() => new FakeClock({ now: Number.NaN })).toThrow(/now must be a finite number/);
    await expect(clock.runAll({ maxJumps: 0 })).rejects.toThrow(/maxJumps must be a positive integer/);
  });

  it("whenTimerPending resolves once something sleeps, and rejects when aborted", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const aborted = clock.whenTimerPending(controller.signal);
    controller.abort(new Error("stop waiting"));
    await expect(aborted).rejects.toThrow("stop waiting");
    const pending = clock.whenTimerPending();
    void clock.sleep(10);
    await expect(pending).resolves.toBeUndefined();
  });
});

describe("runStage with time", () => {
  it("keeps driving the clock when sleeps only start after non-timer work resolves", async () => {
    let release!: () => void;
    const external = new Promise<void>((resolve) => {
      release = resolve;
    });
    const poller = defineStage({
      name: "poller",
      execute: async (ctx) => {
        await external; // stands for I/O the fake clock knows nothing about
        await ctx.clock.sleep(30_000, ctx.signal);
        return ctx.clock.now();
      },
    });
    const clock = new FakeClock();
    let finished = false;
    const running = runStage(poller, { clock }).finally(() => {
      finished = true;
    });
    await clock.settle();
    await clock.settle();
    expect(clock.pendingTimers).toBe(0); // runAll() found nothing to fire: the stage is waiting on I/O
    expect(finished).toBe(false);
    release();
    const { output } = await running;
    expect(output.data).toBe(30_000);
  });

  it("leaves time alone with runTimers: false", async () => {
    const clock = new FakeClock();
    const sleeper = defineStage({
      name: "sleeper",
      execute: async (ctx) => (await ctx.clock.sleep(1_000, ctx.signal), "done"),
    });
    const running = runStage(sleeper, { clock, runTimers: false });
    await clock.advance(999);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    expect((await running).output.data).toBe("done");
  });
});
