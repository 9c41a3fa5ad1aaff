import {
  defineStage,
  Pipeline,
  StageOutput,
  type AnyStage,
  type PipelineResult,
  type Plugin,
  type StageGraph,
} from "@stageflow/core";
import { JitterStrategy, RetryInterceptor, TransientError } from "@stageflow/retry";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  backpressure,
  BackpressureMonitor,
  failureTolerance,
  FailureMode,
  LoadShedError,
} from "../src/index.js";
import { ConcurrencyProbe, sleepingStage } from "./helpers.js";

/** `count` independent stages, each sleeping 10 ms on the run's clock. */
function wide(name: string, count: number, probe: ConcurrencyProbe): StageGraph {
  const pipeline = new Pipeline(name);
  for (let i = 0; i < count; i++) pipeline.withStage(sleepingStage(`s${i}`, probe));
  return pipeline.build();
}

async function runAll(clock: FakeClock, runs: Array<Promise<PipelineResult>>): Promise<PipelineResult[]> {
  await clock.runAll();
  return Promise.all(runs);
}

describe("backpressure", () => {
  it("runs at most maxActiveStages stages at once within a run", async () => {
    const probe = new ConcurrencyProbe();
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 3 });
    const running = wide("wide", 12, probe).run(createTestSnapshot(), {
      clock,
      plugins: [backpressure(monitor)],
    });
    const [result] = await runAll(clock, [running]);
    expect(result?.status).toBe("completed");
    expect(probe.started).toHaveLength(12);
    expect(probe.peak).toBe(3);
    expect(monitor.getMetrics()).toMatchObject({
      active: 0,
      queued: 0,
      admitted: 12,
      completed: 12,
      peakActive: 3,
      p95LatencyMs: 10,
    });
  });

  it("holds the cap across 20 concurrent runs sharing one monitor", async () => {
    const probe = new ConcurrencyProbe();
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 4 });
    const graph = wide("shared", 5, probe);
    const plugins = [backpressure(monitor)];
    const runs = Array.from({ length: 20 }, () => graph.run(createTestSnapshot(), { clock, plugins }));
    await settleQueue(monitor, 96);
    const results = await runAll(clock, runs);
    expect(results.every((r) => r.status === "completed")).toBe(true);
    expect(probe.started).toHaveLength(100);
    expect(probe.peak).toBe(4);
    expect(monitor.getMetrics()).toMatchObject({
      active: 0,
      queued: 0,
      admitted: 100,
      peakActive: 4,
      peakQueued: 96,
    });
  });

  it("shares the monitor it owns among every run using the same plugin object", async () => {
    const probe = new ConcurrencyProbe();
    const clock = new FakeClock();
    const plugin = backpressure({ maxActiveStages: 2 });
    const graph = wide("owned", 3, probe);
    await runAll(
      clock,
      Array.from({ length: 5 }, () => graph.run(createTestSnapshot(), { clock, plugins: [plugin] })),
    );
    expect(probe.started).toHaveLength(15);
    expect(probe.peak).toBe(2);
  });

  it("gives a retrying stage one slot for all of its attempts", async () => {
    const probe = new ConcurrencyProbe();
    const attempts = new Map<string, number>();
    const flaky = (name: string): AnyStage =>
      defineStage({
        name,
        async execute(ctx) {
          probe.enter(name);
          try {
            attempts.set(name, ctx.attempt);
            await ctx.clock.sleep(5, ctx.signal);
            if (ctx.attempt < 3) throw new TransientError(`${name} attempt ${ctx.attempt} failed`);
            return StageOutput.ok(name);
          } finally {
            probe.leave();
          }
        },
      });
    const pipeline = new Pipeline("retrying");
    for (let i = 0; i < 6; i++) pipeline.withStage(flaky(`f${i}`));
    const monitor = new BackpressureMonitor({ maxActiveStages: 2 });
    const clock = new FakeClock();
    const running = pipeline.build().run(createTestSnapshot(), {
      clock,
      plugins: [backpressure(monitor)],
      interceptors: [new RetryInterceptor({ maxAttempts: 3, baseDelayMs: 100, jitter: JitterStrategy.NONE })],
    });
    const [result] = await runAll(clock, [running]);
    expect(result?.status).toBe("completed");
    expect([...attempts.values()]).toEqual([3, 3, 3, 3, 3, 3]);
    expect(probe.started).toHaveLength(18);
    expect(probe.peak).toBe(2);
    // One admission per stage, not per attempt, and never more than two held at once.
    expect(monitor.getMetrics()).toMatchObject({ admitted: 6, completed: 6, peakActive: 2 });
  });

  it("sheds a burst beyond capacity with LoadShedError and stage.shed events when shedOnOverload is set", async () => {
    const probe = new ConcurrencyProbe();
    const clock = new FakeClock();
    const sink = new RecordingEventSink();
    const monitor = new BackpressureMonitor({ maxActiveStages: 4, shedOnOverload: true });
    const running = wide("burst", 30, probe).run(createTestSnapshot(), {
      clock,
      eventSink: sink,
      plugins: [backpressure(monitor), failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
    });
    const [result] = await runAll(clock, [running]);
    const records = Object.values(result?.stages ?? {});
    expect(records.filter((r) => r.status === "ok")).toHaveLength(4);
    const shed = records.filter((r) => r.error instanceof LoadShedError);
    expect(shed).toHaveLength(26);
    expect(shed.every((r) => r.status === "fail" && r.attempts === 0)).toBe(true);
    expect(probe.started).toEqual(["s0", "s1", "s2", "s3"]);
    const events = sink.ofType("stage.shed");
    expect(events.map((e) => e.stage)).toEqual(Array.from({ length: 26 }, (_, i) => `s${i + 4}`));
    expect(events[0]?.data).toEqual({
      reason: "no free slot of 4 and shedOnOverload is set",
      active: 4,
      queued: 0,
    });
    expect(result?.status).toBe("failed");
    expect(result?.failureSummary?.failedStages).toBe(26);
    sink.assertWellFormed();
  });

  it("queues a burst up to queueSizeLimit, sheds the rest, and runs every queued stage", async () => {
    const probe = new ConcurrencyProbe();
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 2, queueSizeLimit: 3 });
    const running = wide("queued", 10, probe).run(createTestSnapshot(), {
      clock,
      plugins: [backpressure(monitor), failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
    });
    const [result] = await runAll(clock, [running]);
    expect(probe.started).toEqual(["s0", "s1", "s2", "s3", "s4"]);
    expect(probe.peak).toBe(2);
    const shed = Object.entries(result?.stages ?? {}).filter(([, r]) => r.error instanceof LoadShedError);
    expect(shed.map(([name]) => name)).toEqual(["s5", "s6", "s7", "s8", "s9"]);
    expect((shed[0]?.[1].error as LoadShedError).reason).toBe("the queue is full (queueSizeLimit 3)");
  });

  it("fails the run under core's fail-fast default when a stage is shed", async () => {
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 1, queueSizeLimit: 0 });
    const running = wide("fast", 3, new ConcurrencyProbe()).run(createTestSnapshot(), {
      clock,
      plugins: [backpressure(monitor)],
    });
    const [result] = await runAll(clock, [running]);
    expect(result?.status).toBe("failed");
    expect(result?.errors[0]?.error).toBeInstanceOf(LoadShedError);
    expect(monitor.active).toBe(0);
  });

  it("removes an aborted run's queued stages at once, leaving other runs' stages queued", async () => {
    const probe = new ConcurrencyProbe();
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    const plugins = [backpressure(monitor)];
    const controller = new AbortController();
    const doomed = wide("doomed", 4, probe).run(createTestSnapshot(), {
      clock,
      plugins,
      signal: controller.signal,
    });
    const other = wide("other", 3, probe).run(createTestSnapshot(), { clock, plugins });
    await settleQueue(monitor, 6);
    await clock.settle(); // let the admitted stage start
    expect(probe.started).toEqual(["s0"]);
    expect(monitor.getMetrics()).toMatchObject({ active: 1, queued: 6 });
    controller.abort(new Error("user went away"));
    expect(monitor.queued).toBe(3);
    const [cancelled, completed] = await runAll(clock, [doomed, other]);
    expect(cancelled?.status).toBe("cancelled");
    expect(Object.values(cancelled?.stages ?? {}).filter((r) => r.status === "cancel")).toHaveLength(4);
    expect(completed?.status).toBe("completed");
    expect(probe.started).toEqual(["s0", "s0", "s1", "s2"]);
    expect(monitor.getMetrics()).toMatchObject({ active: 0, queued: 0 });
  });

  it("drops a run's queued stages as soon as fail-fast stops it", async () => {
    const probe = new ConcurrencyProbe();
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    const broken = defineStage({
      name: "broken",
      async execute(ctx) {
        await ctx.clock.sleep(5, ctx.signal);
        return StageOutput.fail(new Error("broken"));
      },
    });
    const graph = new Pipeline("fail-fast")
      .withStage(broken)
      .withStage(sleepingStage("a", probe))
      .withStage(sleepingStage("b", probe))
      .build();
    const running = graph.run(createTestSnapshot(), { clock, plugins: [backpressure(monitor)] });
    await settleQueue(monitor, 2);
    const [result] = await runAll(clock, [running]);
    expect(result?.status).toBe("failed");
    expect([result?.stages.a?.status, result?.stages.b?.status]).toEqual(["cancel", "cancel"]);
    expect(probe.started).toEqual([]);
    expect(monitor.getMetrics()).toMatchObject({ active: 0, queued: 0, admitted: 1 });
  });

  it("sends overloaded and recovered events to the sink of every run using the monitor at the time", async () => {
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 4, highWatermark: 1, lowWatermark: 0 });
    const plugins = [backpressure(monitor)];
    const sinks = [new RecordingEventSink(), new RecordingEventSink()];
    // p0's three stages and p1's first take the four slots (overload); p1's other two wait, so p0
    // has finished by the time the last of p1's stages hands back the last slot (recovery).
    const runs = sinks.map((eventSink, i) =>
      wide(`p${i}`, 3, new ConcurrencyProbe()).run(createTestSnapshot(), { clock, plugins, eventSink }),
    );
    await runAll(clock, runs);
    const pressure = (sink: RecordingEventSink): string[] =>
      sink.events.map((e) => e.type).filter((t) => t.startsWith("backpressure."));
    expect(pressure(sinks[0]!)).toEqual(["backpressure.overloaded"]);
    expect(pressure(sinks[1]!)).toEqual(["backpressure.overloaded", "backpressure.recovered"]);
    expect(sinks[1]!.ofType("backpressure.overloaded")[0]?.data).toEqual({
      utilization: 1,
      active: 4,
      queued: 0,
    });
    expect(sinks[1]!.ofType("backpressure.recovered")[0]?.data).toEqual({
      utilization: 0,
      active: 0,
      queued: 0,
    });
    for (const sink of sinks) sink.assertWellFormed();
    const later = new RecordingEventSink();
    await runAll(clock, [
      wide("later", 1, new ConcurrencyProbe()).run(createTestSnapshot(), {
        clock,
        plugins,
        eventSink: later,
      }),
    ]);
    expect(pressure(later)).toEqual([]);
    expect(monitor.getMetrics().overloads).toBe(1);
  });

  it("starts the waiting stage with the longest chain after it first", async () => {
    const order = async (plugin: Plugin): Promise<string[]> => {
      const probe = new ConcurrencyProbe();
      const clock = new FakeClock();
      const graph = new Pipeline("critical")
        .withStage(sleepingStage("root", probe))
        .withStage(sleepingStage("short1", probe), { dependsOn: ["root"] })
        .withStage(sleepingStage("short2", probe), { dependsOn: ["root"] })
        .withStage(sleepingStage("long1", probe), { dependsOn: ["root"] })
        .withStage(sleepingStage("long2", probe), { dependsOn: ["long1"] })
        .build();
      await runAll(clock, [graph.run(createTestSnapshot(), { clock, plugins: [plugin] })]);
      return probe.started;
    };
    expect(await order(backpressure({ maxActiveStages: 1 }))).toEqual([
      "root",
      "long1",
      "short1",
      "short2",
      "long2",
    ]);
    expect(await order(backpressure({ maxActiveStages: 1 }, { criticalPathFirst: false }))).toEqual([
      "root",
      "short1",
      "short2",
      "long1",
      "long2",
    ]);
  });

  it("validates its options", () => {
    expect(() => backpressure({ maxActiveStages: 2 }, { critical_path_first: true } as never)).toThrow(
      /Did you mean "criticalPathFirst"/,
    );
    expect(() => backpressure({ queue_size_limit: 2 } as never)).toThrow(/Did you mean "queueSizeLimit"/);
  });
});

/** Lets the runs reach the monitor until `queued` stages wait (admission is synchronous once reached). */
async function settleQueue(monitor: BackpressureMonitor, queued: number): Promise<void> {
  const clock = new FakeClock();
  for (let i = 0; i < 10 && monitor.queued < queued; i++) await clock.settle();
  expect(monitor.queued).toBe(queued);
}
