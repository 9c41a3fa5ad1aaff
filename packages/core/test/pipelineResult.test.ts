import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  defineStage,
  isStageflowError,
  Pipeline,
  PipelineCancelledError,
  PipelineFailedError,
  StageflowError,
  StageOutput,
} from "../src/index.js";
import { failingStage, okStage } from "./helpers/stages.js";

describe("PipelineResult", () => {
  it("lists every stage with its record, and outputs of the stages that produced one", async () => {
    const result = await new Pipeline("r")
      .withStage(okStage("a", { v: 1 }))
      .withStage(failingStage("b"), { dependsOn: ["a"] })
      .withStage(okStage("c"), { dependsOn: ["b"] })
      .run(ContextSnapshot.create({ runId: { pipelineRunId: "run-7" } }));
    expect(Object.keys(result.stages)).toEqual(["a", "b", "c"]);
    expect(Object.keys(result.outputs)).toEqual(["a", "b"]);
    expect(result.runId).toBe("run-7");
    expect(result.pipeline).toBe("r");
    expect(result.output("c")).toBeUndefined();
    expect(result.require("a").data).toEqual({ v: 1 });
    expect(() => result.require("b")).toThrow(/Stage "b" did not complete \(status: fail\)/);
    expect(() => result.require("c")).toThrow(/status: cancel, the run stopped before this stage started/);
    try {
      result.output("nope");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StageflowError);
      expect((error as StageflowError).code).toBe("UNKNOWN_STAGE");
    }
    expect(() => result.output("aa")).toThrow('Pipeline "r" has no stage "aa". Did you mean "a"?');
    expect(Object.isFrozen(result.stages)).toBe(true);
    expect(Object.isFrozen(result.outputs)).toBe(true);
  });

  it("looks stages up by the stage object as well as by name", async () => {
    const retrieve = okStage("retrieve", { docs: ["d1"] });
    const result = await new Pipeline("r").withStage(retrieve).run(ContextSnapshot.create());
    expect(result.require(retrieve).data).toEqual({ docs: ["d1"] });
    expect(result.output(retrieve)).toBe(result.output("retrieve"));
    expect(() => result.require(okStage("other"))).toThrow('Pipeline "r" has no stage "other".');
  });

  it("throws a PipelineFailedError (an AggregateError of every stage error) from throwIfFailed", async () => {
    const tolerant = {
      name: "continue",
      onStageSettled: () => "continue" as const,
    };
    const result = await new Pipeline("f")
      .withStage(failingStage("x"))
      .withStage(failingStage("y"))
      .run(ContextSnapshot.create(), { plugins: [tolerant] });
    try {
      result.throwIfFailed();
      expect.unreachable();
    } catch (error) {
      const e = error as PipelineFailedError;
      expect(e).toBeInstanceOf(PipelineFailedError);
      expect(e).toBeInstanceOf(AggregateError);
      expect(isStageflowError(e)).toBe(true);
      expect(e.code).toBe("PIPELINE_FAILED");
      expect(e.failures.map((f) => f.stage)).toEqual(["x", "y"]);
      expect(e.errors.map((x) => (x as Error).message)).toEqual(["x broke", "y broke"]);
      expect(e.message).toBe('Pipeline "f" failed: 2 stage(s) failed: "x" (x broke), "y" (y broke)');
    }
  });

  it("returns itself from throwIfFailed when completed, and throws the cancel reason when cancelled", async () => {
    const done = await new Pipeline("ok").withStage(okStage("a")).run(ContextSnapshot.create());
    expect(done.throwIfFailed()).toBe(done);
    const cancelled = await new Pipeline("c")
      .withStage(defineStage({ name: "g", execute: () => StageOutput.cancel("blocked") }))
      .run(ContextSnapshot.create());
    expect(() => cancelled.throwIfFailed()).toThrow(PipelineCancelledError);
    expect(() => cancelled.throwIfFailed()).toThrow('Pipeline run cancelled by stage "g": blocked');
  });

  it("serialises to JSON with each stage's status, attempts, duration, reason, error and data", async () => {
    const result = await new Pipeline("j")
      .withStage(okStage("a", { v: 1 }))
      .withStage(defineStage({ name: "s", execute: () => StageOutput.skip("later") }))
      .withStage(failingStage("f"), { dependsOn: ["a", "s"] })
      .run(ContextSnapshot.create({ runId: { pipelineRunId: "run-j" } }));
    const json = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
    expect(json).toMatchObject({
      pipeline: "j",
      runId: "run-j",
      status: "failed",
      stages: {
        a: { status: "ok", attempts: 1, data: { v: 1 } },
        s: { status: "skip", attempts: 1, reason: "later" },
        f: { status: "fail", attempts: 1, error: { name: "Error", message: "f broke" } },
      },
    });
  });
});
