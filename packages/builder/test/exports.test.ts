/**
 * @module The package's runtime export names.
 */
import * as api from "@stageflow/builder";
import { describe, expect, it } from "vitest";

describe("@stageflow/builder public surface", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(api).sort()).toEqual([
      "FluentPipelineBuilder",
      "describePipeline",
      "lintPipeline",
      "withConditionalBranch",
      "withFanOutFanIn",
      "withLinearChain",
      "withParallelStages",
    ]);
  });
});
