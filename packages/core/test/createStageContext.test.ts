import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  createContextKey,
  createStageContext,
  defineStage,
  InvalidOptionsError,
  MissingContextValueError,
  StageOutput,
  systemClock,
} from "../src/index.js";
import { RecordingSink } from "./helpers/recordingSink.js";
import { VirtualClock } from "./helpers/virtualClock.js";

describe("createStageContext", () => {
  it("builds a context with sensible defaults", () => {
    const ctx = createStageContext({ stageName: "solo" });
    expect(ctx.stageName).toBe("solo");
    expect(ctx.stageKind).toBe("transform");
    expect(ctx.attempt).toBe(1);
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.clock).toBe(systemClock);
    expect(ctx.pipeline).toBe("standalone");
    expect(ctx.runId).toBe(ctx.snapshot.runId.pipelineRunId);
    expect(ctx.inputs.names).toEqual([]);
    expect(ctx.stage.name).toBe("solo");
  });

  it("uses every override and runs a stage exactly as the executor would", async () => {
    const clock = new VirtualClock(42);
    const sink = new RecordingSink();
    const controller = new AbortController();
    const Key = createContextKey<string>("greeting");
    const snapshot = ContextSnapshot.create({ inputText: "hi" });
    const stage = defineStage({
      name: "answer",
      kind: "agent",
      execute: (ctx) => {
        ctx.emit("custom.note", { n: 1 });
        ctx.recordStageEvent("progress");
        return {
          text: `${ctx.get(Key)} ${ctx.snapshot.inputText}`,
          retrieved: ctx.inputs.require("retrieve").data,
        };
      },
    });
    const ctx = createStageContext({
      stageName: "answer",
      stage,
      snapshot,
      inputs: { retrieve: StageOutput.ok(["d"]) },
      eventSink: sink,
      signal: controller.signal,
      attempt: 3,
      clock,
      random: () => 0.5,
      values: [Key.provide("hello")],
      pipeline: "chat",
    });
    const out = await stage.execute(ctx);
    expect(out).toEqual({ text: "hello hi", retrieved: ["d"] });
    expect(ctx.stageKind).toBe("agent");
    expect(ctx.random()).toBe(0.5);
    expect(sink.events).toEqual([
      {
        type: "custom.note",
        timestamp: 42,
        runId: snapshot.runId.pipelineRunId,
        pipeline: "chat",
        stage: "answer",
        attempt: 3,
        data: { n: 1 },
      },
      {
        type: "stage.progress",
        timestamp: 42,
        runId: snapshot.runId.pipelineRunId,
        pipeline: "chat",
        stage: "answer",
        attempt: 3,
        data: {},
      },
    ]);
    expect(() => ctx.get(createContextKey("other"))).toThrow(MissingContextValueError);
  });

  it("never throws from emit, even when the sink does", () => {
    const ctx = createStageContext({
      stageName: "s",
      eventSink: {
        emit: () => {
          throw new Error("sink down");
        },
      },
    });
    expect(() => ctx.emit("x", {})).not.toThrow();
  });

  it("validates its options", () => {
    expect(() => createStageContext({ stage_name: "x" } as never)).toThrow(/Did you mean "stageName"\?/);
    expect(() => createStageContext({ stageName: "" })).toThrow(InvalidOptionsError);
    expect(() => createStageContext({ stageName: "s", inputs: { a: { data: 1 } as never } })).toThrow(
      'createStageContext: inputs["a"] must be a StageOutput (StageOutput.ok(...)).',
    );
  });

  describe("values", () => {
    it("rejects a plain object of named values, saying to give each value a key", () => {
      const create = () => createStageContext({ stageName: "s", values: { svc: "x" } as never });
      expect(create).toThrow(InvalidOptionsError);
      expect(create).toThrow(
        "createStageContext: values must be an array of key.provide(value) results, got a plain object " +
          '(keys: svc). Give each value a key: const Key = createContextKey("svc"); values: ' +
          "[Key.provide(value)]; the stage reads it with ctx.get(Key).",
      );
    });

    it("rejects values that are not iterable, naming their type", () => {
      for (const [values, kind] of [
        ["x", "a string"],
        [42, "a number"],
        [null, "null"],
      ] as const) {
        expect(() => createStageContext({ stageName: "s", values: values as never })).toThrow(
          `values must be an array of key.provide(value) results, got ${kind}.`,
        );
      }
    });

    it("rejects an item that key.provide did not make, naming its index", () => {
      const Key = createContextKey<string>("greeting");
      const values = [Key.provide("hi"), { svc: "x" }, "y"];
      expect(() => createStageContext({ stageName: "s", values: values as never })).toThrow(
        "createStageContext: values[1] must be made by key.provide(value) with a key from createContextKey, " +
          "got a plain object.",
      );
      expect(() => createStageContext({ stageName: "s", values: ["y"] as never })).toThrow(
        "values[0] must be made by key.provide(value) with a key from createContextKey, got a string.",
      );
    });

    it("accepts any iterable of provided values", () => {
      const Key = createContextKey<string>("greeting");
      const ctx = createStageContext({ stageName: "s", values: new Set([Key.provide("hi")]) as never });
      expect(ctx.get(Key)).toBe("hi");
    });
  });
});
