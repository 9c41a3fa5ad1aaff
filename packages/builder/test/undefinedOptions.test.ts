import { ContextSnapshot, Pipeline, type PipelineOptions, type StageOptions } from "@stageflow/core";
import {
  describePipeline,
  FluentPipelineBuilder,
  lintPipeline,
  withConditionalBranch,
  withFanOutFanIn,
  withLinearChain,
  withParallelStages,
  type BuilderStageOptions,
} from "@stageflow/builder";
import { describe, expect, it } from "vitest";
import { router, step, depsOf } from "./helpers.js";
import { variants, type AllUndefined } from "../../../tests/support/undefinedOptions.js";

const STAGE: AllUndefined<BuilderStageOptions<"a">> & AllUndefined<StageOptions> = {
  dependsOn: undefined,
  when: undefined,
  interceptors: undefined,
  timeoutMs: undefined,
  branch: undefined,
};
const PIPELINE: AllUndefined<PipelineOptions> = { interceptors: undefined, plugins: undefined };

describe("a builder option given as undefined is treated as absent", () => {
  it.each(variants(PIPELINE))("new FluentPipelineBuilder(name, { %s: undefined })", async (_, options) => {
    const result = await new FluentPipelineBuilder("p", options)
      .stage(step("a"))
      .run(ContextSnapshot.create());
    expect(result.status).toBe("completed");
  });

  it.each(variants(STAGE))("stage(stage, { %s: undefined }) hangs off the tail", async (_, options) => {
    const builder = new FluentPipelineBuilder("p").stage(step("a")).stage(step("b"), options);
    expect(depsOf(builder.pipeline)).toEqual({ a: [], b: ["a"] });
    const result = await builder.run(ContextSnapshot.create());
    expect(result.stages.b?.status).toBe("ok");
  });

  it("linearChain, parallel and conditionalBranch without their dependency option follow the tail", () => {
    const builder = new FluentPipelineBuilder("p")
      .stage(step("a"))
      .linearChain(2, (i) => step(`c${i}`), { firstDependsOn: undefined })
      .parallel(2, (i) => step(`p${i}`), { dependsOn: undefined })
      .conditionalBranch(router("r", "x"), { x: step("x") }, step("m"), { routerDependsOn: undefined });
    expect(depsOf(builder.pipeline)).toEqual({
      a: [],
      c0: ["a"],
      c1: ["c0"],
      p0: ["c1"],
      p1: ["c1"],
      r: ["p0", "p1"],
      x: ["r"],
      m: ["x"],
    });
  });

  it("the pattern helpers without their dependency option follow the last stage added", () => {
    const pipeline = new Pipeline("p").withStage(step("a"));
    withLinearChain(pipeline, 1, () => step("c"), { firstDependsOn: undefined });
    withParallelStages(pipeline, 1, () => step("p"), { dependsOn: undefined });
    withFanOutFanIn(pipeline, step("out"), 1, () => step("w"), step("in"), { fanOutDependsOn: undefined });
    withConditionalBranch(pipeline, router("r", "x"), { x: step("x") }, undefined, {
      routerDependsOn: undefined,
    });
    expect(depsOf(pipeline)).toEqual({
      a: [],
      c: ["a"],
      p: ["c"],
      out: ["p"],
      w: ["out"],
      in: ["w"],
      r: ["in"],
      x: ["r"],
    });
  });

  it("toMermaid, toDot, describe and lintPipeline without their options", () => {
    const builder = new FluentPipelineBuilder("p").stage(step("a")).stage(step("b"));
    expect(builder.toMermaid({ direction: undefined })).toBe(builder.toMermaid());
    expect(builder.toDot({ direction: undefined })).toBe(builder.toDot());
    expect(builder.describe({ weight: undefined }).text).toBe(builder.describe().text);
    expect(describePipeline(builder.pipeline, { weight: undefined }).criticalPath).toEqual(["a", "b"]);
    const isolated = new Pipeline("q").withStage(step("a")).withStage(step("b"));
    expect(lintPipeline(isolated, { ignore: undefined })).toEqual(lintPipeline(isolated));
    expect(lintPipeline(isolated, { ignore: undefined }).length).toBeGreaterThan(0);
  });
});
