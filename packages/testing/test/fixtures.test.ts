import { defineStage, StageOutput, UndeclaredDependencyError, createContextKey } from "@stageflow/core";
import {
  BUILT_IN_EVENT_TYPES,
  createSampleEvents,
  createTestSnapshot,
  createTestStageContext,
  RecordingEventSink,
} from "@stageflow/testing";
import { describe, expect, it } from "vitest";

describe("createTestSnapshot", () => {
  it("fills every run id, unique per call, and freezes the snapshot", () => {
    const a = createTestSnapshot();
    const b = createTestSnapshot();
    expect(a.runId.pipelineRunId).not.toBe(b.runId.pipelineRunId);
    for (const value of Object.values(a.runId)) expect(typeof value).toBe("string");
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.runId)).toBe(true);
  });

  it("merges runId and conversation overrides field by field", () => {
    const s = createTestSnapshot({
      runId: { userId: "u42" },
      conversation: { messages: [{ role: "user", content: "hi" }] },
      inputText: "refunds?",
    });
    expect(s.runId.userId).toBe("u42");
    expect(s.runId.orgId).toBe("test-org");
    expect(s.runId.pipelineRunId).toMatch(/^run-/);
    expect(s.conversation.messages).toHaveLength(1);
    expect(s.conversation.routingDecision).toBeNull();
    expect(s.inputText).toBe("refunds?");
  });

  it("rejects invalid overrides like core does", () => {
    expect(() => createTestSnapshot({ input_text: "x" } as never)).toThrow(/inputText/);
  });
});

describe("createTestStageContext", () => {
  it("exposes exactly the given inputs as declared dependencies", async () => {
    const ctx = createTestStageContext({
      stageName: "answer",
      inputs: { retrieve: StageOutput.ok({ docs: ["d"] }) },
    });
    expect(ctx.inputs.names).toEqual(["retrieve"]);
    expect(ctx.inputs.get("retrieve")?.data).toEqual({ docs: ["d"] });
    expect(() => ctx.inputs.get("other")).toThrow(UndeclaredDependencyError);
  });

  it("sends ctx.emit to the given sink with stage and attempt filled in", async () => {
    const sink = new RecordingEventSink();
    const snapshot = createTestSnapshot();
    const stage = defineStage({ name: "llm", execute: (ctx) => ctx.emit("llm.tokens", { count: 3 }) });
    const ctx = createTestStageContext({ stage, eventSink: sink, attempt: 2, snapshot });
    await stage.execute(ctx);
    expect(sink.events).toEqual([
      expect.objectContaining({
        type: "llm.tokens",
        stage: "llm",
        attempt: 2,
        runId: snapshot.runId.pipelineRunId,
        data: { count: 3 },
      }),
    ]);
    sink.assertWellFormed();
  });

  it("reads provided values and honours the given signal", () => {
    const key = createContextKey<number>("budget");
    const controller = new AbortController();
    const ctx = createTestStageContext({ values: [key.provide(7)], signal: controller.signal });
    expect(ctx.get(key)).toBe(7);
    expect(ctx.stageName).toBe("test-stage");
    controller.abort();
    expect(ctx.signal.aborted).toBe(true);
  });

  it("rejects unknown options naming the closest key", () => {
    expect(() => createTestStageContext({ stage_name: "x" } as never)).toThrow(/stageName/);
  });
});

describe("createSampleEvents", () => {
  it("builds one well-formed event of every built-in type, in run order", () => {
    const events = createSampleEvents({ runId: "r1", pipeline: "p", startTime: 100 });
    expect(events.map((e) => e.type)).toEqual(BUILT_IN_EVENT_TYPES);
    expect(new Set(BUILT_IN_EVENT_TYPES).size).toBe(BUILT_IN_EVENT_TYPES.length);
    expect(events[0]?.type).toBe("pipeline.started");
    expect(events.at(-1)?.type).toBe("pipeline.cancelled");
    expect(events.map((e) => e.timestamp)).toEqual(events.map((_, i) => 100 + i));
    const sink = new RecordingEventSink();
    for (const event of events) sink.emit(event);
    sink.assertWellFormed();
    expect(sink.forRun("r1")).toHaveLength(events.length);
  });

  it("returns fresh data on every call", () => {
    const [a] = createSampleEvents();
    const [b] = createSampleEvents();
    expect(a?.data).toEqual(b?.data);
    expect(a?.data).not.toBe(b?.data);
  });
});
