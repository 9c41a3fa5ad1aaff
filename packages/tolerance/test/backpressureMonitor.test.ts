import { InvalidOptionsError } from "@stageflow/core";
import { FakeClock } from "@stageflow/testing";
import { describe, expect, it, vi } from "vitest";
import { BackpressureMonitor, type Admission, type BackpressureEvent } from "../src/index.js";

const settle = (): Promise<void> => new FakeClock().settle();

/** Starts an admission and records when (and how) it settles. */
function track(promise: Promise<Admission>): {
  state: "pending" | "admitted" | "shed" | "rejected";
  error?: unknown;
} {
  const t: { state: "pending" | "admitted" | "shed" | "rejected"; error?: unknown } = { state: "pending" };
  promise.then(
    (a) => (t.state = a.admitted ? "admitted" : "shed"),
    (error: unknown) => {
      t.state = "rejected";
      t.error = error;
    },
  );
  return t;
}

describe("BackpressureMonitor", () => {
  it("uses the documented defaults", () => {
    expect(new BackpressureMonitor().config).toEqual({
      maxActiveStages: 10,
      highWatermark: 0.8,
      lowWatermark: 0.3,
      latencyThresholdMs: 5000,
      queueSizeLimit: 100,
      shedOnOverload: false,
      latencyWindowSize: 100,
    });
  });

  it("admits up to maxActiveStages at once and hands each released slot to the oldest waiter", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 2 });
    const first = track(monitor.admit());
    const second = track(monitor.admit());
    const third = track(monitor.admit());
    const fourth = track(monitor.admit());
    await settle();
    expect([first.state, second.state, third.state, fourth.state]).toEqual([
      "admitted",
      "admitted",
      "pending",
      "pending",
    ]);
    expect(monitor.getMetrics()).toMatchObject({ active: 2, queued: 2 });
    monitor.release();
    await settle();
    expect([third.state, fourth.state]).toEqual(["admitted", "pending"]);
    expect(monitor.active).toBe(2);
    monitor.release();
    await settle();
    expect(fourth.state).toBe("admitted");
    expect(monitor.getMetrics()).toMatchObject({
      active: 2,
      queued: 0,
      admitted: 4,
      peakQueued: 2,
      peakActive: 2,
    });
  });

  it("serves higher priorities first and arrival order among equals", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    await monitor.admit();
    const order: string[] = [];
    const wait = (name: string, priority: number): void => {
      void monitor.admit({ priority }).then(() => order.push(name));
    };
    wait("low-1", 1);
    wait("high", 5);
    wait("low-2", 1);
    wait("mid", 3);
    for (let i = 0; i < 4; i++) {
      monitor.release();
      await settle();
    }
    expect(order).toEqual(["high", "mid", "low-1", "low-2"]);
  });

  it("sheds a request when the queue is full, saying why", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 1, queueSizeLimit: 2 });
    await monitor.admit();
    void monitor.admit();
    void monitor.admit();
    const shed = await monitor.admit();
    expect(shed).toEqual({
      admitted: false,
      reason: "the queue is full (queueSizeLimit 2)",
      active: 1,
      queued: 2,
    });
    expect(monitor.getMetrics().shed).toBe(1);
    expect(await new BackpressureMonitor({ maxActiveStages: 1, queueSizeLimit: 0 }).acquire()).toBe(true);
  });

  it("with shedOnOverload, sheds instead of queueing when no slot is free", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 2, shedOnOverload: true });
    expect(await monitor.acquire()).toBe(true);
    expect(await monitor.acquire()).toBe(true);
    const shed = await monitor.admit();
    expect(shed.admitted).toBe(false);
    expect(monitor.queued).toBe(0);
    monitor.release();
    expect(await monitor.acquire()).toBe(true);
  });

  it("removes an aborted waiter from the queue at once and never gives it a slot", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    await monitor.admit();
    const controller = new AbortController();
    const aborted = track(monitor.admit({ signal: controller.signal }));
    const next = track(monitor.admit());
    expect(monitor.queued).toBe(2);
    const reason = new Error("run stopped");
    controller.abort(reason);
    expect(monitor.queued).toBe(1);
    await settle();
    expect(aborted).toEqual({ state: "rejected", error: reason });
    monitor.release();
    await settle();
    expect(next.state).toBe("admitted");
    expect(monitor.active).toBe(1);
  });

  it("adds one abort listener per signal however many of its stages wait, and removes it once they are served", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    await monitor.admit();
    const signal = new AbortController().signal;
    const add = vi.spyOn(signal, "addEventListener");
    const remove = vi.spyOn(signal, "removeEventListener");
    for (let i = 0; i < 3; i++) void monitor.admit({ signal });
    expect(add).toHaveBeenCalledTimes(1);
    monitor.release();
    monitor.release();
    expect(remove).not.toHaveBeenCalled();
    monitor.release();
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]?.[1]).toBe(add.mock.calls[0]?.[1]);
  });

  it("rejects at once for a signal that is already aborted", async () => {
    const monitor = new BackpressureMonitor();
    await expect(monitor.acquire(AbortSignal.abort(new Error("late")))).rejects.toThrow("late");
    expect(monitor.active).toBe(0);
  });

  it("enters overload at the high watermark and recovers only at the low one (hysteresis)", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 10, highWatermark: 0.8, lowWatermark: 0.3 });
    const events: BackpressureEvent[] = [];
    const stop = monitor.subscribe((e) => events.push(e));
    for (let i = 0; i < 7; i++) await monitor.admit();
    expect(events).toEqual([]);
    await monitor.admit();
    expect(monitor.isOverloaded).toBe(true);
    expect(events).toEqual([
      { type: "backpressure.overloaded", data: { utilization: 0.8, active: 8, queued: 0 } },
    ]);
    for (let i = 0; i < 4; i++) monitor.release(); // 4 active: between the watermarks
    expect(monitor.isOverloaded).toBe(true);
    for (let i = 0; i < 5; i++) await monitor.admit(); // back up to 9: no second event
    expect(events).toHaveLength(1);
    for (let i = 0; i < 6; i++) monitor.release(); // 3 active = 0.3
    expect(monitor.isOverloaded).toBe(false);
    expect(events[1]).toEqual({
      type: "backpressure.recovered",
      data: { utilization: 0.3, active: 3, queued: 0 },
    });
    stop();
    for (let i = 0; i < 5; i++) await monitor.admit();
    expect(events).toHaveLength(2);
    expect(monitor.getMetrics().overloads).toBe(2);
  });

  it("counts a full queue as overload and waits for it to drain before recovering", async () => {
    const monitor = new BackpressureMonitor({
      maxActiveStages: 4,
      queueSizeLimit: 1,
      highWatermark: 1,
      lowWatermark: 0.5,
    });
    const types: string[] = [];
    monitor.subscribe((e) => types.push(e.type));
    for (let i = 0; i < 4; i++) await monitor.admit();
    expect(types).toEqual(["backpressure.overloaded"]);
    void monitor.admit();
    for (let i = 0; i < 3; i++) monitor.release(); // the waiter takes one slot: 2 active
    expect(types).toEqual(["backpressure.overloaded", "backpressure.recovered"]);
  });

  it("computes p95 latency over a bounded window of the most recent releases", async () => {
    const monitor = new BackpressureMonitor({ maxActiveStages: 1, latencyWindowSize: 20 });
    expect(monitor.getMetrics().p95LatencyMs).toBeUndefined();
    for (let ms = 1; ms <= 100; ms++) {
      await monitor.admit();
      monitor.release(ms);
    }
    const metrics = monitor.getMetrics();
    expect(metrics.p95LatencyMs).toBe(99); // window holds 81..100; nearest rank 19 of 20
    expect(metrics.meanLatencyMs).toBe(90.5);
    expect(metrics.completed).toBe(100);
  });

  it("with shedOnOverload, sheds on high p95 latency while busy and admits again once load falls", async () => {
    const monitor = new BackpressureMonitor({
      maxActiveStages: 10,
      latencyThresholdMs: 100,
      shedOnOverload: true,
      lowWatermark: 0.3,
    });
    for (let i = 0; i < 6; i++) await monitor.admit();
    monitor.release(500); // 5 active, p95 500 ms
    const shed = await monitor.admit();
    expect(shed).toMatchObject({ admitted: false, reason: "p95 latency 500 ms is above latencyThresholdMs" });
    expect(monitor.isOverloaded).toBe(true);
    for (let i = 0; i < 2; i++) monitor.release(); // 3 active = low watermark
    expect(monitor.isOverloaded).toBe(false);
    expect((await monitor.admit()).admitted).toBe(true);
  });

  it("throws when a slot is released that was never acquired", () => {
    expect(() => new BackpressureMonitor().release()).toThrow(/no slot held/);
  });

  it("validates its config, naming the closest key", () => {
    expect(() => new BackpressureMonitor({ max_active_stages: 3 } as never)).toThrow(
      /Did you mean "maxActiveStages"/,
    );
    expect(() => new BackpressureMonitor({ maxActiveStages: 0 })).toThrow(InvalidOptionsError);
    expect(() => new BackpressureMonitor({ lowWatermark: 0.9, highWatermark: 0.8 })).toThrow(/lowWatermark/);
    expect(() => new BackpressureMonitor({ highWatermark: 1.5 })).toThrow(/highWatermark/);
    expect(() => new BackpressureMonitor({ queueSizeLimit: -1 })).toThrow(/queueSizeLimit/);
    expect(() => new BackpressureMonitor({ shedOnOverload: "yes" } as never)).toThrow(/shedOnOverload/);
    expect(() => new BackpressureMonitor().admit({ priorty: 1 } as never)).toThrow(/Did you mean "priority"/);
  });
});
