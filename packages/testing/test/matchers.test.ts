import { defineStage, Pipeline, StageOutput, type AnyStageflowEvent } from "@stageflow/core";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";
import { stageflowMatchers } from "@stageflow/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => {
  expect.extend(stageflowMatchers);
});

async function recordRun(): Promise<RecordingEventSink> {
  const llm = defineStage({ name: "llm", execute: () => ({ text: "hi" }) });
  const check = defineStage({ name: "check", execute: () => StageOutput.skip("nothing to check") });
  const sink = new RecordingEventSink();
  const clock = new FakeClock();
  const running = new Pipeline("chat")
    .withStage(llm)
    .withStage(check, { dependsOn: [llm] })
    .build()
    .run(createTestSnapshot(), { eventSink: sink, clock });
  await clock.runAll();
  await running;
  return sink;
}

describe("stageflow matchers", () => {
  it("toHaveEmitted matches envelope fields and a deeply partial data", async () => {
    const sink = await recordRun();
    expect(sink).toHaveEmitted("stage.completed", { stage: "llm" });
    expect(sink).toHaveEmitted("stage.skipped", {
      stage: "check",
      data: { reason: "nothing to check", pruned: false },
    });
    expect(sink).toHaveEmitted("pipeline.completed", {
      data: { counts: { ok: 1 } },
      timestamp: expect.any(Number),
    });
    expect(sink).not.toHaveEmitted("stage.completed", { stage: "check" });
    expect(sink).not.toHaveEmitted("stage.failed");
  });

  it("explains a failed expectation by listing the events received", async () => {
    const sink = await recordRun();
    expect(() => expect(sink).toHaveEmitted("stage.failed", { stage: "llm" })).toThrow(
      /expected an event "stage.failed" matching \{"stage":"llm"\}; events received:\n {2}pipeline.started/,
    );
  });

  it("toHaveEmittedTimes counts matching events exactly", async () => {
    const sink = await recordRun();
    expect(sink).toHaveEmittedTimes("stage.started", 2);
    expect(sink).toHaveEmittedTimes("stage.started", 1, { stage: "llm" });
    expect(() => expect(sink).toHaveEmittedTimes("stage.started", 3)).toThrow(
      /expected 3 event\(s\) "stage.started", got 2/,
    );
  });

  it("toHaveEmittedInOrder accepts other events in between but not a wrong order", async () => {
    const sink = await recordRun();
    expect(sink).toHaveEmittedInOrder([
      "pipeline.started",
      "stage.completed",
      "stage.skipped",
      "pipeline.completed",
    ]);
    expect(() => expect(sink).toHaveEmittedInOrder(["stage.skipped", "stage.completed"])).toThrow(
      /then no "stage.completed"/,
    );
  });

  it("works on a plain array of events and fails on a sink that saw a malformed event", async () => {
    const sink = await recordRun();
    expect([...sink.events]).toHaveEmitted("stage.started", { data: { kind: "transform" } });
    expect(() =>
      sink.emit({ type: "x", pipeline: "p", data: null } as unknown as AnyStageflowEvent),
    ).toThrow();
    expect(() => expect(sink).toHaveEmitted("stage.started")).toThrow(/malformed event "x": runId must be/);
  });
});
