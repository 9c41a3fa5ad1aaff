import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../src/index.js";

describe("systemClock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads Date.now and resolves a sleep once its time has passed", async () => {
    vi.setSystemTime(1_000);
    expect(systemClock.now()).toBe(1_000);
    let done = false;
    const sleeping = systemClock.sleep(100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it("rejects with the signal's reason as soon as it aborts, and clears its timer", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once for an already aborted signal, without a timer", async () => {
    await expect(systemClock.sleep(10, AbortSignal.abort("gone"))).rejects.toBe("gone");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("systemClock.schedule", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("calls back once its time has passed", async () => {
    const calls: number[] = [];
    systemClock.schedule?.(100, () => calls.push(Date.now()));
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clears its timer when cancelled, and ignores a late cancel", async () => {
    let called = false;
    const cancel = systemClock.schedule?.(100, () => (called = true));
    expect(vi.getTimerCount()).toBe(1);
    cancel?.();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(called).toBe(false);
    cancel?.();
  });

  it("never fires an infinite delay and reaches delays longer than setTimeout allows", async () => {
    const calls: string[] = [];
    systemClock.schedule?.(Infinity, () => calls.push("infinite"));
    expect(vi.getTimerCount()).toBe(0);
    const month = 30 * 24 * 3_600_000;
    const cancel = systemClock.schedule?.(month, () => calls.push("month"));
    await vi.advanceTimersByTimeAsync(month - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(["month"]);
    cancel?.();
    const cancelled = systemClock.schedule?.(month, () => calls.push("cancelled"));
    await vi.advanceTimersByTimeAsync(2_147_483_647 + 10);
    cancelled?.();
    expect(vi.getTimerCount()).toBe(0);
  });
});
