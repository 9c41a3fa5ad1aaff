// Compiled with `exactOptionalPropertyTypes: true` (tsconfig.base.json): every optional property of an
// options object must accept an explicit `undefined`, so values can be forwarded as they are.
import { Pipeline, type Interceptor, type Plugin, type StageInfo, type WhenCondition } from "@stageflow/core";
import {
  describePipeline,
  FluentPipelineBuilder,
  lintPipeline,
  withConditionalBranch,
  withFanOutFanIn,
  withLinearChain,
  withParallelStages,
  type DiagramDirection,
  type LintRule,
} from "@stageflow/builder";
import { describe, it } from "vitest";
import { router, step } from "./helpers.js";
import { maybe } from "../../../tests/support/undefinedOptions.js";

describe("builder options accept an explicit undefined (exactOptionalPropertyTypes)", () => {
  it("FluentPipelineBuilder", () => {
    const builder = new FluentPipelineBuilder("p", {
      interceptors: maybe<Interceptor[]>(),
      plugins: maybe<Plugin[]>(),
    })
      .stage(step("a"))
      .stage(step("b"), {
        dependsOn: maybe<"a"[]>(),
        when: maybe<WhenCondition>(),
        interceptors: maybe<Interceptor[]>(),
        timeoutMs: maybe<number>(),
        branch: maybe<string>(),
      })
      .linearChain(2, (i) => step(`c${i}`), { firstDependsOn: maybe<"a"[]>() })
      .parallel(2, (i) => step(`p${i}`), { dependsOn: maybe<"b"[]>() })
      .conditionalBranch(router("r", "x"), { x: step("x") }, undefined, { routerDependsOn: maybe<"a"[]>() });
    builder.toMermaid({ direction: maybe<DiagramDirection>() });
    builder.toDot({ direction: maybe<DiagramDirection>() });
    builder.describe({ weight: maybe<(stage: StageInfo) => number>() });
  });

  it("the pattern helpers, describePipeline and lintPipeline", () => {
    const pipeline = new Pipeline("p");
    withLinearChain(pipeline, 2, (i) => step(`c${i}`), { firstDependsOn: maybe<string[]>() });
    withParallelStages(pipeline, 2, (i) => step(`p${i}`), { dependsOn: maybe<string[]>() });
    withFanOutFanIn(pipeline, step("out"), 2, (i) => step(`w${i}`), step("in"), {
      fanOutDependsOn: maybe<string[]>(),
    });
    withConditionalBranch(pipeline, router("r", "x"), { x: step("x") }, undefined, {
      routerDependsOn: maybe<string[]>(),
    });
    describePipeline(pipeline, { weight: maybe<(stage: StageInfo) => number>() });
    lintPipeline(pipeline, { ignore: maybe<LintRule[]>() });
  });
});
