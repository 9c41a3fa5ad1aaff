/**
 * @module `StageGraph`: an immutable, validated pipeline that can run many times concurrently.
 */
import type { Clock, RandomSource } from "./clock.js";
import type { EventSink, SinkErrorHandler } from "./events/eventSink.js";
import type { Interceptor, InterceptorTarget } from "./interceptor.js";
import type { GraphNode } from "./internal/graphNode.js";
import { Run } from "./internal/run.js";
import { validateRunOptions } from "./internal/runSetup.js";
import type { PipelineResult } from "./pipelineResult.js";
import type { Plugin, StageInfo } from "./plugin.js";
import type { ContextSnapshot } from "./snapshot/contextSnapshot.js";

/** Options of one run. */
export interface RunOptions {
  /** Receives every event of the run; without one, no event objects are built at all. */
  readonly eventSink?: EventSink | undefined;
  /** Called when the sink throws or rejects (the run goes on); the count is `result.sinkErrors`. */
  readonly onSinkError?: SinkErrorHandler | undefined;
  /** Interceptors for every stage of this run, merged with pipeline- and stage-level ones by priority. */
  readonly interceptors?: readonly Interceptor[] | undefined;
  /**
   * Plugins for this run, one of each name (a second one rejects the run with `InvalidOptionsError`).
   * One named like a pipeline's plugin replaces it, in its place, for this run; the others come after
   * the pipeline's. A parenthesised suffix is not part of the name: `failureTolerance(continue)`
   * replaces `failureTolerance(fail_fast)`.
   */
  readonly plugins?: readonly Plugin[] | undefined;
  /** Cancels the run: running stages are aborted and awaited, the rest recorded as cancelled. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Time source for durations, timestamps, timeouts and backoffs.
   * @defaultValue `systemClock`
   */
  readonly clock?: Clock | undefined;
  /**
   * Random source for jitter.
   * @defaultValue `Math.random`
   */
  readonly random?: RandomSource | undefined;
  /**
   * After the run stops (failure, cancel, abort), how long to wait for running stages to honour their
   * signal before recording them as cancelled and resolving anyway. Their late results are discarded.
   * @defaultValue 10000
   */
  readonly abortGraceMs?: number | undefined;
}

/**
 * A validated, immutable pipeline. `run()` is re-entrant: one graph serves any number of concurrent
 * runs; each run copies only a counter array.
 */
export class StageGraph<TNames extends string = string> {
  /** The pipeline's name. */
  readonly name: string;
  /** @internal */
  readonly nodes: readonly GraphNode[];
  /** @internal */
  readonly pipelineInterceptors: readonly Interceptor[];
  /** @internal */
  readonly plugins: readonly Plugin[];
  /** @internal */
  readonly indegree: Int32Array;
  /** @internal */
  readonly roots: readonly number[];
  /** @internal */
  readonly hasRoutes: boolean;
  /** @internal what `Interceptor.attach` receives for this graph (one object, shared by every run) */
  readonly attachTarget: InterceptorTarget;
  readonly #names: readonly string[];
  readonly #stages: readonly StageInfo[];

  /** @internal built by `Pipeline.build()` */
  constructor(
    name: string,
    nodes: readonly GraphNode[],
    interceptors: readonly Interceptor[],
    plugins: readonly Plugin[],
  ) {
    this.name = name;
    this.nodes = nodes;
    this.pipelineInterceptors = interceptors;
    this.plugins = plugins;
    this.indegree = Int32Array.from(nodes, (n) => n.deps.length);
    this.roots = nodes.filter((n) => n.deps.length === 0).map((n) => n.index);
    this.hasRoutes = nodes.some((n) => n.hasRouteParent);
    this.#names = Object.freeze(nodes.map((n) => n.name));
    this.attachTarget = Object.freeze({ pipeline: name, stages: this.#names });
    this.#stages = Object.freeze(nodes.map((n) => n.info));
    Object.freeze(this);
  }

  /** Stage names in topological order. */
  get stageNames(): readonly TNames[] {
    return this.#names as readonly TNames[];
  }

  /** Every stage with its kind and dependencies, in topological order. */
  get stages(): readonly StageInfo[] {
    return this.#stages;
  }

  /**
   * Runs the pipeline once. Resolves with a {@link PipelineResult} even when stages fail or the run
   * is cancelled; rejects only for programmer errors (an invalid snapshot or options).
   * @param snapshot - the run's frozen snapshot (`ContextSnapshot.create(...)`)
   * @param options - sink, interceptors, plugins, signal, clock, random
   * @returns the run's result
   * @throws `InvalidOptionsError` (as a rejection) for an unknown option or a snapshot that is not a `ContextSnapshot`;
   *   whatever a run interceptor's `attach` throws (as a rejection, before any event or stage)
   */
  async run(snapshot: ContextSnapshot<unknown>, options?: RunOptions): Promise<PipelineResult<TNames>> {
    validateRunOptions(snapshot, options);
    return new Run(this as StageGraph, snapshot, options ?? {}).start() as Promise<PipelineResult<TNames>>;
  }
}
