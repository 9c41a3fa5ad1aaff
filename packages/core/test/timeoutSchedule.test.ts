import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ContextSnapshot,
  InvalidOptionsError,
  Pipeline,
  StageTimeoutError,
  systemClock,
  type Clock,
} from "../src/index.js";
import { gatedStage, okStage } from "./helpers/stages.js";
import { RecordingSink } from "./helpers/recordingSink.js";

const snapshot = (): ContextSnapshot => ContextSnapshot.create();

describe("TimeoutInterceptor on a clock with schedule", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("times a stage out through one scheduled timer, aborting the attempt's signal", async () => {
    const slow = gatedStage("slow");
    const sink = new RecordingSink();
    const run = new Pipeline("t")
      .withStage(slow.stage, { timeoutMs: 100 })
      .run(snapshot(), { clock: systemClock, eventSink: sink });
    const ctx = await slow.started.promise;
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    const result = await run;
    expect(ctx.signal.reason).toBeInstanceOf(StageTimeoutError);
    expect(result.stages.slow?.error).toBe(ctx.signal.reason);
    expect(sink.forStage("slow")).toEqual(["stage.started", "stage.timeout", "stage.failed"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("cancels its timer and leaves the attempt's signal alone when the stage finishes first", async () => {
    const quick = gatedStage("quick");
    const run = new Pipeline("t")
      .withStage(quick.stage, { timeoutMs: 100 })
      .run(snapshot(), { clock: systemClock });
    const ctx = await quick.started.promise;
    quick.release.resolve({ done: true });
    const result = await run;
    expect(result.status).toBe("completed");
    expect(ctx.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("RunOptions.clock", () => {
  it("accepts a clock with or without schedule, and rejects a schedule that is not a function", async () => {
    const graph = new Pipeline("c").withStage(okStage("a")).build();
    const plain: Clock = { now: () => 0, sleep: () => Promise.resolve() };
    expect((await graph.run(snapshot(), { clock: plain })).status).toBe("completed");
    const broken = { ...plain, schedule: 5 } as unknown as Clock;
    const rejected = graph.run(snapshot(), { clock: broken });
    await expect(rejected).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(rejected).rejects.toThrow(/schedule/);
  });
});
