import { defineStage, Pipeline, StageKind, type AnyStageflowEvent } from "@stageflow/core";
import { createTestSnapshot, MalformedEventError, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";

const retrieve = defineStage({ name: "retrieve", kind: StageKind.ENRICH, execute: () => ({ docs: ["a"] }) });
const answer = defineStage({
  name: "answer",
  execute: (ctx) => {
    ctx.emit("answer.progress", { pct: 50 });
    return { text: "hi" };
  },
});
const graph = new Pipeline("chat")
  .withStage(retrieve)
  .withStage(answer, { dependsOn: [retrieve] })
  .build();

describe("RecordingEventSink", () => {
  it("records the executor's events in order with their exact envelope", async () => {
    const sink = new RecordingEventSink();
    const snapshot = createTestSnapshot();
    const result = await graph.run(snapshot, { eventSink: sink });
    expect(result.sinkErrors).toBe(0);
    expect(sink.types()).toEqual([
      "pipeline.started",
      "stage.started",
      "stage.completed",
      "stage.started",
      "answer.progress",
      "stage.completed",
      "pipeline.completed",
    ]);
    const started = sink.events[0] as AnyStageflowEvent;
    expect(Object.keys(started).sort()).toEqual(["data", "pipeline", "runId", "timestamp", "type"]);
    expect(started).toMatchObject({
      runId: snapshot.runId.pipelineRunId,
      pipeline: "chat",
      data: { stageCount: 2 },
    });
    expect(sink.forStage("answer").map((e) => e.type)).toEqual([
      "stage.started",
      "answer.progress",
      "stage.completed",
    ]);
    expect(sink.forRun(result.runId)).toHaveLength(7);
    sink.assertWellFormed();
  });

  it("narrows ofType() to the event's data shape", async () => {
    const sink = new RecordingEventSink();
    await graph.run(createTestSnapshot(), { eventSink: sink });
    const completed = sink.ofType("stage.completed");
    expect(completed.map((e) => [e.stage, e.data.attempts])).toEqual([
      ["retrieve", 1],
      ["answer", 1],
    ]);
    expect(sink.ofType("pipeline.completed")[0]?.data.counts.ok).toBe(2);
  });

  it("throws on a malformed event, records it, and fails assertWellFormed()", async () => {
    const sink = new RecordingEventSink();
    const bad = { type: "stage.completed", pipeline: "p", data: {} } as unknown as AnyStageflowEvent;
    expect(() => sink.emit(bad)).toThrow(MalformedEventError);
    expect(() => sink.emit(bad)).toThrow(
      /runId must be a non-empty string.*timestamp must be a finite number/,
    );
    expect(sink.events).toHaveLength(0);
    expect(sink.malformed).toHaveLength(2);
    expect(() => sink.assertWellFormed()).toThrow(/and 1 more malformed/);

    const stage = defineStage({
      name: "s",
      execute: (ctx) => {
        void ctx.eventSink.emit({ type: "", runId: ctx.runId, timestamp: 0, pipeline: "p", data: null });
      },
    });
    const viaRun = new RecordingEventSink();
    const result = await new Pipeline("p")
      .withStage(stage)
      .build()
      .run(createTestSnapshot(), { eventSink: viaRun });
    expect(result.status).toBe("completed");
    expect(result.sinkErrors).toBe(1);
    expect(() => viaRun.assertWellFormed()).toThrow(/type must be a non-empty string/);
  });

  it("waitFor resolves with an already recorded event or the next matching one", async () => {
    const sink = new RecordingEventSink();
    const next = sink.waitFor("stage.completed", (e) => e.stage === "answer");
    await graph.run(createTestSnapshot(), { eventSink: sink });
    expect((await next).stage).toBe("answer");
    const recorded = await sink.waitFor("stage.started");
    expect(recorded.data.kind).toBe("enrich");
  });

  it("waitFor rejects with the signal's reason when aborted", async () => {
    const sink = new RecordingEventSink();
    const controller = new AbortController();
    const waiting = sink.waitFor("pipeline.completed", undefined, { signal: controller.signal });
    const reason = new Error("gave up");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it("waitFor with includeRecorded: false waits for a new event only", async () => {
    const sink = new RecordingEventSink();
    await graph.run(createTestSnapshot(), { eventSink: sink });
    const next = sink.waitFor("pipeline.completed", undefined, { includeRecorded: false });
    const second = await graph.run(createTestSnapshot(), { eventSink: sink });
    expect((await next).runId).toBe(second.runId);
  });

  it("a throwing waitFor predicate fails that wait, never the run", async () => {
    const sink = new RecordingEventSink();
    const broken = sink.waitFor("stage.started", () => {
      throw new Error("bad predicate");
    });
    const result = await graph.run(createTestSnapshot(), { eventSink: sink });
    await expect(broken).rejects.toThrow("bad predicate");
    expect(result.sinkErrors).toBe(0);
    expect(sink.events).toHaveLength(7);
  });

  it("clear() forgets recorded events", async () => {
    const sink = new RecordingEventSink();
    await graph.run(createTestSnapshot(), { eventSink: sink });
    sink.clear();
    expect(sink.events).toEqual([]);
    await expect(sink.flush()).resolves.toBeUndefined();
  });
});
