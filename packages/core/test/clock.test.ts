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
