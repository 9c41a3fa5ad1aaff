/**
 * @module `FluentPipelineBuilder`: typed, chainable construction of core pipelines from DAG patterns.
 */
import {
  Pipeline,
  assertKnownOptions,
  type ContextSnapshot,
  type PipelineOptions,
  type PipelineResult,
  type RunOptions,
  type StageGraph,
  type StageRef,
} from "@stageflow/core";
import { describePipeline, type DescribeOptions, type PipelineDescription } from "./describe.js";
import { addChain, addConditional, addFanOutFanIn, addParallel, checkRefs } from "./internal/addPatterns.js";
import { viewOf } from "./internal/graphView.js";
import { checkDirection, renderDot, renderMermaid } from "./internal/render.js";
import type {
  BranchMap,
  BranchNames,
  BuilderStageOptions,
  BuiltNames,
  CheckedBranches,
  ConditionalBranchOptions,
  DiagramOptions,
  FanOutFanInOptions,
  InferableStage,
  LinearChainOptions,
  NameOf,
  ParallelOptions,
  StageFactory,
  StageRefOf,
} from "./types.js";

const STAGE_KEYS = ["dependsOn", "when", "interceptors", "timeoutMs", "branch"] as const;

/**
 * Builds a core pipeline from stages and DAG patterns while tracking every stage name in its type, so a
 * `dependsOn` naming a stage that was not added is a compile error.
 *
 * **The tail rule.** A call without explicit dependencies hangs off the builder's *tail*: the last
 * stage added by `.stage`, the last stage of a `.linearChain`, the fan-in of a `.fanOutFanIn`, the merge
 * of a `.conditionalBranch` — or, after a `.parallel` group (or a `.conditionalBranch` without a merge),
 * every member of that group, so the next `.stage` joins them. The first call of a new builder adds a root.
 *
 * Like core's `Pipeline`, the builder mutates itself and returns itself (re-typed with the new names):
 * chain the calls, or re-assign the result. In loops, type the variable as `FluentPipelineBuilder<string>`
 * so names degrade to `string` (any name is then accepted and `build()` checks it).
 * @typeParam TNames - the names of the stages added so far
 * @example
 * ```ts
 * const graph = new FluentPipelineBuilder("chat")
 *   .stage(guard)
 *   .parallel(2, (i) => [profile, memory][i]!)
 *   .stage(buildPrompt)                       // joins profile and memory
 *   .conditionalBranch(router, { search, chat }, answer)
 *   .build();
 * ```
 */
export class FluentPipelineBuilder<TNames extends string = never> {
  readonly #pipeline: Pipeline;
  #tail: readonly StageRef[] = [];

  /**
   * @param name - the pipeline's name, used in events, errors and pictures
   * @param options - pipeline-wide interceptors and plugins (core's `PipelineOptions`)
   * @throws `InvalidOptionsError` for an empty name or an unknown option
   */
  constructor(name: string, options?: PipelineOptions) {
    this.#pipeline = new Pipeline(name, options);
  }

  /** The pipeline's name. */
  get name(): string {
    return this.#pipeline.name;
  }

  /**
   * The core pipeline this builder fills. Stages added to it directly are built and run too, but their
   * names do not enter the builder's type and they do not move its tail.
   */
  get pipeline(): Pipeline {
    return this.#pipeline;
  }

  /** Names of the stages added so far, in the order added. */
  get stageNames(): readonly TNames[] {
    return this.#pipeline.stageNames as readonly TNames[];
  }

  #deps(where: string, key: string, given: readonly StageRef[] | undefined): readonly StageRef[] {
    checkRefs(where, key, given);
    return given ?? this.#tail;
  }

  #retype<TMore extends string>(tail: readonly StageRef[]): FluentPipelineBuilder<TNames | TMore> {
    this.#tail = tail;
    return this as FluentPipelineBuilder<TNames | TMore>;
  }

  /**
   * Adds one stage.
   * @param stage - the stage; its name enters the builder's type
   * @param options - core's stage options (`when`, `interceptors`, `timeoutMs`, `branch`) and a typed
   * `dependsOn` (default: the tail)
   * @returns this builder, typed with the new name
   * @throws `InvalidOptionsError` for an invalid stage or an unknown option (naming the closest)
   */
  stage<TStage extends InferableStage>(
    stage: TStage,
    options: BuilderStageOptions<TNames> = {},
  ): FluentPipelineBuilder<TNames | NameOf<TStage>> {
    const where = `FluentPipelineBuilder.stage("${String((stage as { name?: unknown } | null)?.name)}")`;
    assertKnownOptions(where, options, STAGE_KEYS);
    this.#pipeline.withStage(stage, {
      ...options,
      dependsOn: this.#deps(where, "dependsOn", options.dependsOn),
    });
    return this.#retype([stage.name]);
  }

  /**
   * Adds `count` stages made by `factory`, each depending on the previous one.
   * @param count - how many, at least 1
   * @param factory - `(index) => Stage`; names must be unique
   * @param options - `firstDependsOn` (default: the tail)
   * @returns this builder; its tail becomes the chain's last stage
   * @throws `InvalidOptionsError` for a bad count, factory or option
   */
  linearChain<TStage extends InferableStage>(
    count: number,
    factory: StageFactory<TStage>,
    options: LinearChainOptions<StageRefOf<TNames>> = {},
  ): FluentPipelineBuilder<TNames | NameOf<TStage>> {
    const where = "FluentPipelineBuilder.linearChain";
    assertKnownOptions(where, options, ["firstDependsOn"]);
    const names = addChain(
      this.#pipeline,
      { count, factory, deps: this.#deps(where, "firstDependsOn", options.firstDependsOn) },
      where,
    );
    return this.#retype(names.slice(-1));
  }

  /**
   * Adds `count` stages made by `factory` that all depend on the same stages and run concurrently.
   * @param count - how many, at least 1
   * @param factory - `(index) => Stage`
   * @param options - `dependsOn` (default: the tail)
   * @returns this builder; its tail becomes every member, so the next `.stage` joins them
   * @throws `InvalidOptionsError` for a bad count, factory or option
   */
  parallel<TStage extends InferableStage>(
    count: number,
    factory: StageFactory<TStage>,
    options: ParallelOptions<StageRefOf<TNames>> = {},
  ): FluentPipelineBuilder<TNames | NameOf<TStage>> {
    const where = "FluentPipelineBuilder.parallel";
    assertKnownOptions(where, options, ["dependsOn"]);
    return this.#retype(
      addParallel(
        this.#pipeline,
        { count, factory, deps: this.#deps(where, "dependsOn", options.dependsOn) },
        where,
      ),
    );
  }

  /**
   * Adds `fanOut`, `count` workers depending on it, and `fanIn` depending on every worker.
   * @param fanOut - the stage the workers start after
   * @param count - how many workers, at least 1
   * @param factory - `(index) => Stage` for the workers
   * @param fanIn - the stage that reads every worker's output
   * @param options - `fanOutDependsOn` (default: the tail)
   * @returns this builder; its tail becomes `fanIn`
   * @throws `InvalidOptionsError` for a bad count, factory, stage or option
   */
  // eslint-disable-next-line max-params -- positional signature shared with withFanOutFanIn
  fanOutFanIn<TFanOut extends InferableStage, TWorker extends InferableStage, TFanIn extends InferableStage>(
    fanOut: TFanOut,
    count: number,
    factory: StageFactory<TWorker>,
    fanIn: TFanIn,
    options: FanOutFanInOptions<StageRefOf<TNames>> = {},
  ): FluentPipelineBuilder<TNames | NameOf<TFanOut> | NameOf<TWorker> | NameOf<TFanIn>> {
    const where = "FluentPipelineBuilder.fanOutFanIn";
    assertKnownOptions(where, options, ["fanOutDependsOn"]);
    const deps = this.#deps(where, "fanOutDependsOn", options.fanOutDependsOn);
    addFanOutFanIn(this.#pipeline, { fanOut, count, factory, fanIn, deps }, where);
    return this.#retype([fanIn.name]);
  }

  /**
   * Adds a ROUTE stage (after the tail), one stage per branch key and optionally a merge. The router
   * selects with `StageOutput.ok({ route: key })` or an array of keys; branch stages get core's `branch`
   * option set to their key; unselected branches are pruned and the merge runs with whichever ran. When
   * no branch is selected the merge is pruned too (core's cascade rule): route to an explicit fallback
   * branch if something must always run. A router typed `{ route: "a" | "b" }` makes any other branch
   * key a compile error.
   * @param router - a stage of kind `StageKind.ROUTE`
   * @param branches - maps each route key to the stage it selects
   * @param merge - optional stage depending on every branch stage
   * @param options - `routerDependsOn` (default: the tail)
   * @returns this builder; its tail becomes the merge, or every branch stage when there is none
   * @throws `InvalidOptionsError` for a non-ROUTE router, a branch map that is not a non-empty plain object
   * of stages (naming the key whose value is not one), a merge that is not a stage or an unknown option
   */
  conditionalBranch<
    TRouter extends InferableStage,
    TBranches extends BranchMap,
    TMerge extends InferableStage = never,
  >(
    router: TRouter,
    branches: CheckedBranches<TRouter, TBranches>,
    merge?: TMerge,
    options: ConditionalBranchOptions<StageRefOf<TNames>> = {},
  ): FluentPipelineBuilder<TNames | NameOf<TRouter> | BranchNames<TBranches> | NameOf<TMerge>> {
    const where = "FluentPipelineBuilder.conditionalBranch";
    assertKnownOptions(where, options, ["routerDependsOn"]);
    const deps = this.#deps(where, "routerDependsOn", options.routerDependsOn);
    const added = addConditional(this.#pipeline, { router, branches, merge, deps }, where);
    return this.#retype(merge === undefined ? added.branchNames : [merge.name]);
  }

  /**
   * Validates and builds the graph (cached until the next addition).
   * @returns core's immutable, re-entrant `StageGraph`, typed with the builder's stage names so that its
   *   results refuse a misspelt name at compile time
   * @throws `PipelineValidationError` (duplicate names, unknown dependencies with the closest existing
   * name suggested, empty pipeline) or `CycleDetectedError`
   */
  build(): StageGraph<BuiltNames<TNames>> {
    return this.#pipeline.build() as StageGraph<BuiltNames<TNames>>;
  }

  /**
   * Builds (once) and runs.
   * @param snapshot - the run's snapshot
   * @param options - core's run options (sink, interceptors, plugins, signal, clock…)
   * @returns the run's result (it resolves even when stages fail; see core's `StageGraph.run`), typed
   *   with the builder's stage names: `result.output("typo")` is a compile error
   * @throws the errors of {@link FluentPipelineBuilder.build}, synchronously, before any stage runs
   */
  run(snapshot: ContextSnapshot<unknown>, options?: RunOptions): Promise<PipelineResult<BuiltNames<TNames>>> {
    return this.#pipeline.run(snapshot, options);
  }

  /**
   * A Mermaid `flowchart` of the DAG: shape and colour by stage kind, edges out of ROUTE stages dashed and
   * labelled with the branch key.
   * @param options - layout direction
   * @returns Mermaid source
   * @throws the errors of {@link FluentPipelineBuilder.build}
   */
  toMermaid(options: DiagramOptions = {}): string {
    assertKnownOptions("toMermaid", options, ["direction"]);
    return renderMermaid(viewOf(this.#pipeline), checkDirection("toMermaid", options.direction));
  }

  /**
   * A Graphviz DOT `digraph` of the DAG, with the same conventions as {@link FluentPipelineBuilder.toMermaid}.
   * @param options - layout direction
   * @returns DOT source
   * @throws the errors of {@link FluentPipelineBuilder.build}
   */
  toDot(options: DiagramOptions = {}): string {
    assertKnownOptions("toDot", options, ["direction"]);
    return renderDot(viewOf(this.#pipeline), checkDirection("toDot", options.direction));
  }

  /**
   * Summarises the DAG: stage and edge counts, depth, width, critical path and its length.
   * @param options - optional per-stage weight for the critical path
   * @returns the description; `text` is a readable summary
   * @throws the errors of {@link FluentPipelineBuilder.build}
   */
  describe(options?: DescribeOptions): PipelineDescription {
    return describePipeline(this.#pipeline, options);
  }
}
