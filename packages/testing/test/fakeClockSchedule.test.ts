import { AbortLink, ContextSnapshot, Pipeline, defineStage } from "@stageflow/core";
import { FakeClock, FakeClockLoopError } from "@stageflow/testing";
import { describe, expect, it } from "vitest";

describe("FakeClock.schedule", () => {
  it("counts as a pending timer and fires on advance, in order with sleeps", async () => {
    const clock = new FakeClock({ now: 10 });
    const order: string[] = [];
    clock.schedule(30, () => order.push(`scheduled@${clock.now()}`));
    const sleeping = clock.sleep(20).then(() => order.push(`slept@${clock.now()}`));
    expect(clock.pendingTimers).toBe(2);
    expect(clock.nextTimerAt).toBe(30);
    await clock.advance(29);
    expect(order).toEqual(["slept@30"]);
    expect(clock.nextTimerAt).toBe(40);
    await clock.advance(1);
    await sleeping;
    expect(order).toEqual(["slept@30", "scheduled@40"]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("removes a cancelled timer, so it never fires and is not pending", async () => {
    const clock = new FakeClock();
    let fired = false;
    const cancel = clock.schedule(100, () => (fired = true));
    cancel();
    cancel();
    expect(clock.pendingTimers).toBe(0);
    expect(clock.nextTimerAt).toBeUndefined();
    expect(await clock.runAll()).toBe(0);
    expect(fired).toBe(false);
  });

  it("is fired by runAll, including timers scheduled by a callback, and guarded against loops", async () => {
    const clock = new FakeClock();
    const at: number[] = [];
    clock.schedule(5, () => {
      at.push(clock.now());
      clock.schedule(5, () => at.push(clock.now()));
    });
    expect(await clock.runAll()).toBe(2);
    expect(at).toEqual([5, 10]);
    const forever = (): void => {
      clock.schedule(1, forever);
    };
    forever();
    await expect(clock.runAll({ maxJumps: 3 })).rejects.toBeInstanceOf(FakeClockLoopError);
  });

  it("wakes whenTimerPending, and never fires an infinite delay", async () => {
    const clock = new FakeClock();
    const waiting = clock.whenTimerPending();
    clock.schedule(Infinity, () => undefined);
    clock.schedule(50, () => undefined);
    await waiting;
    expect(clock.pendingTimers).toBe(2);
    expect(await clock.runAll()).toBe(1);
    expect(clock.pendingTimers).toBe(1);
  });

  it("drives a TimeoutInterceptor without leaving a timer behind", async () => {
    const clock = new FakeClock();
    const quick = defineStage({ name: "quick", execute: () => ({ done: true }) });
    const result = await new Pipeline("p")
      .withStage(quick, { timeoutMs: 1_000 })
      .run(ContextSnapshot.create(), { clock });
    expect(result.status).toBe("completed");
    expect(clock.pendingTimers).toBe(0);
  });

  it("removes a sleep whose AbortLink aborts, rejecting with the link's reason", async () => {
    const clock = new FakeClock();
    const link = new AbortLink();
    const sleeping = clock.sleep(100, link.signal);
    expect(clock.pendingTimers).toBe(1);
    link.abort("cancelled");
    await expect(sleeping).rejects.toBe("cancelled");
    expect(clock.pendingTimers).toBe(0);
  });
});
