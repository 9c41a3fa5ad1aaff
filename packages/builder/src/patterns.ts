/**
 * @module The DAG patterns as free functions over a core `Pipeline`, each returning the pipeline.
 */
import { assertKnownOptions, type AnyStage, type Pipeline } from "@stageflow/core";
import {
  addChain,
  addConditional,
  addFanOutFanIn,
  addParallel,
  checkRefs,
  lastAdded,
} from "./internal/addPatterns.js";
import type {
  BranchMap,
  CheckedBranches,
  ConditionalBranchOptions,
  FanOutFanInOptions,
  InferableStage,
  LinearChainOptions,
  ParallelOptions,
  StageFactory,
} from "./types.js";

/**
 * Adds a linear chain of `count` stages made by `factory(0)`…`factory(count - 1)`, each depending on
 * the one before.
 * @param pipeline - the pipeline to add to (mutated)
 * @param count - how many stages, at least 1
 * @param factory - makes the stage at each index; names must be unique in the pipeline
 * @param options - `firstDependsOn`: what the first stage depends on
 * @returns `pipeline`
 * @throws `InvalidOptionsError` for a bad count, factory or option (an unknown key names the closest)
 * @example
 * ```ts
 * const pipeline = withLinearChain(new Pipeline("etl"), 3, (i) => defineStage({ name: `step_${i}`, execute: () => ({ i }) }));
 * ```
 */
export function withLinearChain<TPipeline extends Pipeline>(
  pipeline: TPipeline,
  count: number,
  factory: StageFactory,
  options: LinearChainOptions = {},
): TPipeline {
  assertKnownOptions("withLinearChain", options, ["firstDependsOn"]);
  checkRefs("withLinearChain", "firstDependsOn", options.firstDependsOn);
  addChain(
    pipeline,
    { count, factory, deps: options.firstDependsOn ?? lastAdded(pipeline) },
    "withLinearChain",
  );
  return pipeline;
}

/**
 * Adds `count` independent stages made by `factory`, all depending on the same stages, so they run
 * concurrently.
 * @param pipeline - the pipeline to add to (mutated)
 * @param count - how many stages, at least 1
 * @param factory - makes the stage at each index
 * @param options - `dependsOn`: what every member depends on
 * @returns `pipeline`
 * @throws `InvalidOptionsError` for a bad count, factory or option
 */
export function withParallelStages<TPipeline extends Pipeline>(
  pipeline: TPipeline,
  count: number,
  factory: StageFactory,
  options: ParallelOptions = {},
): TPipeline {
  assertKnownOptions("withParallelStages", options, ["dependsOn"]);
  checkRefs("withParallelStages", "dependsOn", options.dependsOn);
  addParallel(
    pipeline,
    { count, factory, deps: options.dependsOn ?? lastAdded(pipeline) },
    "withParallelStages",
  );
  return pipeline;
}

/**
 * Adds a fan-out stage, `count` workers made by `factory` that each depend on it, and a fan-in stage
 * that depends on every worker.
 * @param pipeline - the pipeline to add to (mutated)
 * @param fanOut - the stage the workers start after
 * @param count - how many workers, at least 1
 * @param factory - makes the worker at each index
 * @param fanIn - the stage that reads every worker's output
 * @param options - `fanOutDependsOn`: what the fan-out stage depends on
 * @returns `pipeline`
 * @throws `InvalidOptionsError` for a bad count, factory, stage or option
 */
// eslint-disable-next-line max-params -- positional signature shared with the Python original and the builder
export function withFanOutFanIn<TPipeline extends Pipeline>(
  pipeline: TPipeline,
  fanOut: AnyStage,
  count: number,
  factory: StageFactory,
  fanIn: AnyStage,
  options: FanOutFanInOptions = {},
): TPipeline {
  assertKnownOptions("withFanOutFanIn", options, ["fanOutDependsOn"]);
  checkRefs("withFanOutFanIn", "fanOutDependsOn", options.fanOutDependsOn);
  const deps = options.fanOutDependsOn ?? lastAdded(pipeline);
  addFanOutFanIn(pipeline, { fanOut, count, factory, fanIn, deps }, "withFanOutFanIn");
  return pipeline;
}

/**
 * Adds a ROUTE stage, one stage per branch key and optionally a merge. The router selects with
 * `StageOutput.ok({ route: key })` (or an array of keys); each branch stage gets core's `branch` option
 * set to its key; branches not selected are pruned, and the merge runs with whichever branches ran.
 * When the route selects no branch (`route: []`, or only unknown keys) every branch is pruned and so is
 * the merge (core's cascade rule): route to an explicit fallback branch if something must always run.
 * A router typed `{ route: "a" | "b" }` makes any other branch key a compile error, as in
 * `FluentPipelineBuilder.conditionalBranch`. Nothing is added when an argument is refused.
 * @param pipeline - the pipeline to add to (mutated)
 * @param router - a stage of kind `StageKind.ROUTE`
 * @param branches - a plain object mapping each route key to the stage it selects
 * @param merge - optional stage depending on every branch stage
 * @param options - `routerDependsOn`: what the router depends on
 * @returns `pipeline`
 * @throws `InvalidOptionsError` for a router that is not a ROUTE stage, a branch map that is not a
 * non-empty plain object of stages (naming the key whose value is not a stage), or an unknown option
 */
// eslint-disable-next-line max-params -- positional signature shared with the Python original and the builder
export function withConditionalBranch<
  TPipeline extends Pipeline,
  TRouter extends InferableStage,
  TBranches extends BranchMap,
>(
  pipeline: TPipeline,
  router: TRouter,
  branches: CheckedBranches<TRouter, TBranches>,
  merge?: AnyStage,
  options: ConditionalBranchOptions = {},
): TPipeline {
  assertKnownOptions("withConditionalBranch", options, ["routerDependsOn"]);
  checkRefs("withConditionalBranch", "routerDependsOn", options.routerDependsOn);
  const deps = options.routerDependsOn ?? lastAdded(pipeline);
  addConditional(pipeline, { router, branches, merge, deps }, "withConditionalBranch");
  return pipeline;
}
