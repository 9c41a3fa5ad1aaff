/**
 * @module `Pipeline`: collects stages and their dependencies, then builds an immutable `StageGraph`.
 */
import { assertKnownOptions, RUN_OPTION_KEYS, STAGE_OPTION_KEYS } from "./options.js";
import { InvalidOptionsError } from "./errors/invalidOptionsError.js";
import { isInterceptor, type Interceptor } from "./interceptor.js";
import type { Plugin } from "./plugin.js";
import type { PipelineResult } from "./pipelineResult.js";
import type { ContextSnapshot } from "./snapshot/contextSnapshot.js";
import { validateStageShape, type AnyStage } from "./stage.js";
import type { StageRef } from "./context/stageInputs.js";
import { buildGraph } from "./internal/buildGraph.js";
import { assertDistinctPlugins } from "./internal/pluginSet.js";
import type { WhenCondition } from "./internal/graphNode.js";
import { TimeoutInterceptor } from "./timeoutInterceptor.js";
import type { RunOptions, StageGraph } from "./stageGraph.js";

export type { WhenCondition } from "./internal/graphNode.js";

/** Options of `Pipeline.withStage`. */
export interface StageOptions {
  /** Stages (names or objects) that must settle before this one starts; their outputs are its inputs. */
  readonly dependsOn?: readonly StageRef[] | undefined;
  /** Runs the stage only when this returns true; otherwise it is skipped (dependents still run). */
  readonly when?: WhenCondition | undefined;
  /** Interceptors for this stage only. */
  readonly interceptors?: readonly Interceptor[] | undefined;
  /** Per-attempt timeout; adds a `TimeoutInterceptor` for this stage. */
  readonly timeoutMs?: number | undefined;
  /** The key a ROUTE dependency selects this stage by, when it is not the stage's name. */
  readonly branch?: string | undefined;
}

/** Options of the `Pipeline` constructor's second argument. */
export interface PipelineOptions {
  /** Interceptors for every stage of every run. */
  readonly interceptors?: readonly Interceptor[] | undefined;
  /**
   * Plugins for every run, one of each name (a second one throws `InvalidOptionsError`); a run's plugin
   * of the same name replaces one for that run.
   */
  readonly plugins?: readonly Plugin[] | undefined;
}

/** A stage and its options, as collected by a `Pipeline`. @internal */
export interface StageEntry {
  readonly stage: AnyStage;
  readonly dependsOn: readonly string[];
  readonly when: WhenCondition | undefined;
  readonly interceptors: readonly Interceptor[];
  readonly branch: string | undefined;
}

const PIPELINE_OPTION_KEYS = ["interceptors", "plugins"] as const;

/**
 * Collects stages and edges. `withStage` mutates and returns the same pipeline so calls chain;
 * `build()` validates in linear time and returns an immutable, re-entrant {@link StageGraph}.
 * @example
 * ```ts
 * const graph = new Pipeline("chat")
 *   .withStage(guard)
 *   .withStage(retrieve, { dependsOn: [guard] })
 *   .withStage(answer, { dependsOn: [retrieve], timeoutMs: 30_000 })
 *   .build();
 * const result = await graph.run(ContextSnapshot.create({ inputText: "hi" }));
 * ```
 */
export class Pipeline {
  /** The pipeline's name, used in events and errors. */
  readonly name: string;
  readonly #entries: StageEntry[] = [];
  readonly #interceptors: readonly Interceptor[];
  readonly #plugins: readonly Plugin[];
  #built: StageGraph | undefined;

  /**
   * @param name - the pipeline's name
   * @param options - pipeline-wide interceptors and plugins
   */
  constructor(name = "pipeline", options: PipelineOptions = {}) {
    if (typeof name !== "string" || name.length === 0)
      throw new InvalidOptionsError("Pipeline", "name must be a non-empty string.");
    assertKnownOptions("Pipeline", options, PIPELINE_OPTION_KEYS, {
      keys: RUN_OPTION_KEYS,
      where: "graph.run(snapshot, options)",
    });
    this.name = name;
    this.#interceptors = checkInterceptors("Pipeline", options.interceptors);
    this.#plugins = checkPlugins("Pipeline", options.plugins);
  }

  /** Names of the stages added so far, in the order added. */
  get stageNames(): readonly string[] {
    return this.#entries.map((e) => e.stage.name);
  }

  /**
   * Stages added so far with their declared dependencies, `when` condition and `branch` key (as given to
   * `withStage`), in the order added. Tools such as linters and diagram renderers read this.
   */
  get entries(): ReadonlyArray<{
    readonly stage: AnyStage;
    readonly dependsOn: readonly string[];
    readonly when?: WhenCondition | undefined;
    readonly branch?: string | undefined;
  }> {
    // A frozen copy: callers (diagram and lint tools) must not be able to edit the pipeline through it.
    return Object.freeze([...this.#entries]);
  }

  /**
   * Adds a stage.
   * @param stage - the stage
   * @param options - dependencies, condition, interceptors, timeout, branch key
   * @returns this pipeline
   * @throws {@link InvalidOptionsError} for an invalid stage or an unknown option (naming the closest)
   */
  withStage(stage: AnyStage, options: StageOptions = {}): this {
    validateStageShape(stage, "Pipeline.withStage");
    assertKnownOptions(`Pipeline.withStage("${stage.name}")`, options, STAGE_OPTION_KEYS);
    const where = `Pipeline.withStage("${stage.name}")`;
    const deps = options.dependsOn ?? [];
    if (!Array.isArray(deps))
      throw new InvalidOptionsError(where, "dependsOn must be an array of stage names or stages.");
    const dependsOn = deps.map((d: StageRef) => {
      const name = typeof d === "string" ? d : (d as AnyStage | undefined)?.name;
      if (typeof name !== "string")
        throw new InvalidOptionsError(where, "dependsOn entries must be stage names or stages.");
      return name;
    });
    const when = options.when;
    if (
      when !== undefined &&
      typeof when !== "function" &&
      typeof (when as { evaluate?: unknown }).evaluate !== "function"
    ) {
      throw new InvalidOptionsError(where, "when must be a function or an object with evaluate().");
    }
    const interceptors = [...checkInterceptors(where, options.interceptors)];
    if (options.timeoutMs !== undefined)
      interceptors.push(new TimeoutInterceptor({ timeoutMs: options.timeoutMs }));
    if (options.branch !== undefined && (typeof options.branch !== "string" || options.branch === "")) {
      throw new InvalidOptionsError(where, "branch must be a non-empty string.");
    }
    this.#entries.push({ stage, dependsOn, when, interceptors, branch: options.branch });
    this.#built = undefined;
    return this;
  }

  /**
   * Validates the pipeline and returns an immutable graph that can run many times, concurrently.
   * Then calls `attach` on each pipeline and stage interceptor that has it (once per interceptor).
   * @returns the graph
   * @throws `PipelineValidationError` (empty, duplicate names, unknown or self dependencies),
   * `CycleDetectedError` (with the cycle path), or whatever an interceptor's `attach` throws
   */
  build(): StageGraph {
    return (this.#built ??= buildGraph(this.name, this.#entries, this.#interceptors, this.#plugins));
  }

  /**
   * Builds once (cached until the next `withStage`) and runs.
   * @param snapshot - the run's snapshot
   * @param options - sink, interceptors, plugins, signal, clock
   * @returns the run's result
   */
  run(snapshot: ContextSnapshot<unknown>, options?: RunOptions): Promise<PipelineResult> {
    return this.build().run(snapshot, options);
  }
}

/** @internal */
export function checkInterceptors(
  where: string,
  list: readonly Interceptor[] | undefined,
): readonly Interceptor[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new InvalidOptionsError(where, "interceptors must be an array.");
  for (const i of list) {
    if (!isInterceptor(i)) {
      throw new InvalidOptionsError(
        where,
        "each interceptor needs a name and intercept() (or before/after/onError).",
      );
    }
    if (i.attach !== undefined && typeof i.attach !== "function") {
      throw new InvalidOptionsError(
        where,
        `interceptor "${i.name}": attach, when present, must be a function (target) => void.`,
      );
    }
  }
  return list.slice() as readonly Interceptor[];
}

/**
 * Checks a list of plugins: each an object with a name, no two with the same name.
 * @internal
 */
export function checkPlugins(where: string, list: readonly Plugin[] | undefined): readonly Plugin[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new InvalidOptionsError(where, "plugins must be an array.");
  for (const p of list) {
    if (typeof p !== "object" || p === null || typeof (p as Plugin).name !== "string") {
      throw new InvalidOptionsError(where, "each plugin must be an object with a name.");
    }
  }
  assertDistinctPlugins(where, list);
  return list.slice() as readonly Plugin[];
}
