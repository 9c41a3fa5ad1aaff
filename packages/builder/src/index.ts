/**
 * @module @stageflow/builder: a typed fluent builder, DAG pattern helpers, pictures and lint for Stageflow pipelines.
 */
export { FluentPipelineBuilder } from "./fluentPipelineBuilder.js";
export { withConditionalBranch, withFanOutFanIn, withLinearChain, withParallelStages } from "./patterns.js";
export type {
  BranchMap,
  BranchNames,
  BuilderStageOptions,
  BuiltNames,
  CheckedBranches,
  ConditionalBranchOptions,
  DiagramDirection,
  DiagramOptions,
  FanOutFanInOptions,
  InferableStage,
  LinearChainOptions,
  NameOf,
  NoStageInBuilderType,
  NotARouteKey,
  ParallelOptions,
  RouteKeyOf,
  StageFactory,
  StageRefOf,
} from "./types.js";
export { describePipeline } from "./describe.js";
export type { DescribeOptions, PipelineDescription } from "./describe.js";
export { lintPipeline } from "./lintPipeline.js";
export type { LintIssue, LintOptions, LintRule, LintSeverity } from "./lintTypes.js";
