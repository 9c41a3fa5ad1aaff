/**
 * A stage the run gives up on (it ignored its signal past `abortGraceMs`) gives its backpressure
 * slot back when the run records it as cancelled, so the monitor is not left full.
 */
import { defineStage, Pipeline, type PipelineResult } from "@stageflow/core";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { backpressure, BackpressureMonitor } from "../src/index.js";

const hung = defineStage({ name: "hung", execute: () => new Promise<void>(() => undefined) });
const quick = defineStage({ name: "quick", execute: () => ({ done: true }) });

/** Runs the hung stage, aborts the run and lets the grace period pass. */
async function abandon(clock: FakeClock, monitor: BackpressureMonitor, sink?: RecordingEventSink) {
  const controller = new AbortController();
  const running = new Pipeline("hanging").withStage(hung).run(createTestSnapshot(), {
    clock,
    signal: controller.signal,
    abortGraceMs: 10,
    plugins: [backpressure(monitor)],
    ...(sink === undefined ? {} : { eventSink: sink }),
  });
  await clock.settle();
  expect(monitor.active).toBe(1);
  controller.abort(new Error("client left"));
  await clock.advance(10);
  return running;
}

describe("backpressure with an abandoned stage", () => {
  it("gives the slot back when the run resolves cancelled, so a later run on the monitor proceeds", async () => {
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    const result = await abandon(clock, monitor);
    expect(result.status).toBe("cancelled");
    expect(monitor.active).toBe(0);

    let later: PipelineResult | undefined;
    void new Pipeline("later")
      .withStage(quick)
      .run(createTestSnapshot(), { clock, plugins: [backpressure(monitor)] })
      .then((r) => (later = r));
    await clock.settle();
    expect(later?.status).toBe("completed");
    expect(monitor.getMetrics()).toMatchObject({ active: 0, queued: 0, admitted: 2, completed: 2 });
  });

  it("hands the freed slot to a stage of another run that was waiting for it", async () => {
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    const controller = new AbortController();
    const hanging = new Pipeline("hanging").withStage(hung).run(createTestSnapshot(), {
      clock,
      signal: controller.signal,
      abortGraceMs: 10,
      plugins: [backpressure(monitor)],
    });
    await clock.settle();
    let waited: PipelineResult | undefined;
    void new Pipeline("waiting")
      .withStage(quick)
      .run(createTestSnapshot(), { clock, plugins: [backpressure(monitor)] })
      .then((r) => (waited = r));
    await clock.settle();
    expect(monitor.queued).toBe(1);
    controller.abort(new Error("client left"));
    await clock.advance(10);
    expect((await hanging).status).toBe("cancelled");
    await clock.settle();
    expect(waited?.status).toBe("completed");
    expect(monitor.active).toBe(0);
  });

  it("sends the recovery the abandoned stage causes before the run's end event", async () => {
    const clock = new FakeClock();
    const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
    const sink = new RecordingEventSink();
    await abandon(clock, monitor, sink);
    const types = sink.events.map((e) => e.type);
    expect(types.indexOf("backpressure.recovered")).toBeGreaterThan(-1);
    expect(types.at(-1)).toBe("pipeline.cancelled");
    sink.assertWellFormed();
  });
});
