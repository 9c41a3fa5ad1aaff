import { describe, expect, it } from "vitest";
import { ContextSnapshot, Pipeline, StageOutput, defineStage, type Plugin } from "../src/index.js";

const optionalPlugin = (optional: readonly string[]): Plugin => ({
  name: "optional",
  onStageSettled: (stage, outcome) =>
    outcome.status === "fail" && optional.includes(stage.name) ? "tolerate" : undefined,
});

describe("plugins", () => {
  describe("tolerating a failure", () => {
    const flaky = defineStage({
      name: "flaky",
      execute: () => StageOutput.fail(new Error("profile service down")),
    });
    const reader = defineStage({
      name: "reader",
      execute: (ctx) => ({ sawFailure: ctx.inputs.get(flaky)?.status === "fail" }),
    });
    const broken = defineStage({
      name: "broken",
      execute: () => StageOutput.fail(new Error("required stage down")),
    });

    it("keeps the run going, runs dependents, and lets the run complete", async () => {
      const result = await new Pipeline("tolerate")
        .withStage(flaky)
        .withStage(reader, { dependsOn: [flaky] })
        .run(ContextSnapshot.create(), { plugins: [optionalPlugin(["flaky"])] });
      expect(result.status).toBe("completed");
      expect(result.stages.flaky?.status).toBe("fail");
      expect(result.stages.flaky?.error?.message).toBe("profile service down");
      expect(result.errors).toEqual([]);
      expect(result.output("reader")?.data).toEqual({ sawFailure: true });
    });

    it("does not hide a failure it was not asked to tolerate", async () => {
      const result = await new Pipeline("tolerate")
        .withStage(flaky)
        .withStage(broken)
        .run(ContextSnapshot.create(), { plugins: [optionalPlugin(["flaky"])] });
      expect(result.status).toBe("failed");
      expect(result.errors.map((e) => e.stage)).toEqual(["broken"]);
    });

    it("loses to another plugin's abort", async () => {
      const abort: Plugin = {
        name: "strict",
        onStageSettled: (_s, o) => (o.status === "fail" ? "abort" : undefined),
      };
      const result = await new Pipeline("tolerate")
        .withStage(flaky)
        .withStage(reader, { dependsOn: [flaky] })
        .run(ContextSnapshot.create(), { plugins: [optionalPlugin(["flaky"]), abort] });
      expect(result.status).toBe("failed");
      expect(result.stages.reader?.status).toBe("cancel");
    });
  });
});
