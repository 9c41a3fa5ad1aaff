import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock, type Clock } from "../../src/index.js";
import { scheduleOn } from "../../src/internal/schedule.js";
import { VirtualClock } from "../helpers/virtualClock.js";

describe("scheduleOn", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("uses the clock's own schedule when it has one", async () => {
    vi.useFakeTimers();
    let called = 0;
    const cancel = scheduleOn(systemClock, 50, () => called++);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(called).toBe(1);
    cancel();
    const cancelled = scheduleOn(systemClock, 50, () => called++);
    cancelled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("falls back to an abortable sleep on a clock without schedule", async () => {
    const clock = new VirtualClock(0);
    expect((clock as Clock).schedule).toBeUndefined();
    const calls: number[] = [];
    scheduleOn(clock, 100, () => calls.push(clock.now()));
    expect(clock.pendingCount).toBe(1);
    await clock.advance(99);
    expect(calls).toEqual([]);
    await clock.advance(1);
    expect(calls).toEqual([100]);
    expect(clock.pendingCount).toBe(0);
  });

  it("removes the fallback sleep when cancelled, and never calls back afterwards", async () => {
    const clock = new VirtualClock(0);
    let called = false;
    const cancel = scheduleOn(clock, 100, () => (called = true));
    cancel();
    cancel();
    expect(clock.pendingCount).toBe(0);
    await clock.advance(1_000);
    expect(called).toBe(false);
  });
});
