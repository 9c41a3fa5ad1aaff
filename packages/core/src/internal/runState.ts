/**
 * @module The state of one run of a graph: what it shares with its stages (the context host, clock,
 * emitter and outputs), its per-stage arrays, its plugins and interceptors.
 * @internal
 */
import type { Clock } from "../clock.js";
import { AbortLink } from "../abortLink.js";
import type { StageFailure } from "../errors/pipelineFailedError.js";
import { attachInterceptors, type Interceptor } from "../interceptor.js";
import { checkInterceptors, checkPlugins } from "../pipeline.js";
import type { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { RunOptions, StageGraph } from "../stageGraph.js";
import type { StageOutput } from "../stageOutput.js";
import type { RunEmitter } from "./emitter.js";
import type { GraphNode } from "./graphNode.js";
import { PluginHooks } from "./pluginHooks.js";
import { combinePlugins } from "./pluginSet.js";
import { createHost, createRunInfo } from "./runSetup.js";
import type { ContextHost } from "./stageContextImpl.js";
import { allocateRunArrays } from "./runArrays.js";
import { StageRecords } from "./stageRecords.js";

/**
 * The state of one run, set up from the graph and the run options; {@link Run} drives it.
 */
export abstract class RunState {
  readonly graph: StageGraph;
  readonly nodes: readonly GraphNode[];
  readonly host: ContextHost;
  readonly emitter: RunEmitter;
  readonly clock: Clock;
  /**
   * The run's abort source: its signal is created when someone first reads it (most runs never do),
   * and links following it (retry and timeout attempts) need no signal at all.
   */
  readonly link = new AbortLink();
  /** Aborted once the run has ended, so that timers of stages it gave up on stop (followed lazily). */
  protected readonly ended = new AbortLink();
  readonly outputs: Array<StageOutput | undefined>;
  readonly state: Uint8Array;
  /** How each stage ended; outcome records are built on request. */
  readonly records: StageRecords;
  readonly attempts: Int32Array;
  readonly failures: StageFailure[] = [];
  readonly startedAtRun: number;
  readonly routeRejected: Uint8Array | undefined;
  readonly prunedDeps: Int32Array | undefined;
  readonly hooks: PluginHooks | undefined;
  stopping: "failed" | "cancelled" | undefined;
  cancelReason: Error | undefined;
  /** Each stage's count of dependencies not yet settled. */
  protected readonly indeg: Int32Array;
  /** When each stage started on the run's clock (NaN until it does). */
  readonly startedAt: Float64Array;
  /** Stages whose dependencies have settled, in order; each enters at most once per run. */
  protected readonly ready: Int32Array;
  /** The clock reading taken by the settle that is releasing dependents (NaN outside one). */
  settleNow = Number.NaN;
  /** How long running stages get to stop once the run has stopped (`abortGraceMs`). */
  protected readonly graceMs: number;
  /** Run-level interceptors. */
  readonly runInterceptors: readonly Interceptor[];
  /** Per-stage interceptor chains merged with the run's, built on first use (only when the run has some). */
  readonly chains: Array<readonly Interceptor[] | undefined> | undefined;
  /** The caller's `signal` option, followed while the run is going. */
  protected readonly external: AbortSignal | undefined;

  protected constructor(graph: StageGraph, snapshot: ContextSnapshot<unknown>, options: RunOptions) {
    const n = graph.nodes.length;
    this.graph = graph;
    this.nodes = graph.nodes;
    this.outputs = new Array<StageOutput | undefined>(n);
    this.host = createHost({
      graph,
      snapshot,
      options,
      link: this.link,
      runEnd: this.ended,
      outputs: this.outputs,
    });
    this.clock = this.host.clock;
    this.emitter = this.host.emitter;
    const arrays = allocateRunArrays(graph.indegree, graph.hasRoutes);
    this.state = arrays.state;
    this.attempts = arrays.attempts;
    this.records = new StageRecords(this.outputs, arrays);
    this.indeg = arrays.indegree;
    this.startedAt = arrays.startedAt;
    this.ready = arrays.ready;
    this.prunedDeps = arrays.prunedDeps;
    this.routeRejected = arrays.routeRejected;
    this.graceMs = options.abortGraceMs ?? 10_000;
    const plugins = combinePlugins(graph.plugins, checkPlugins("StageGraph.run", options.plugins));
    this.runInterceptors = checkInterceptors("StageGraph.run", options.interceptors);
    // Before anything of the run exists outside this object: a throw rejects `graph.run` with nothing to undo.
    attachInterceptors(this.runInterceptors, graph.attachTarget);
    if (this.runInterceptors.length > 0) this.chains = new Array<readonly Interceptor[] | undefined>(n);
    if (plugins.length > 0)
      this.hooks = new PluginHooks(
        plugins,
        createRunInfo({
          host: this.host,
          emitter: this.emitter,
          nodes: this.nodes,
          signal: this.signal,
          stages: graph.stages,
        }),
      );
    this.external = options.signal;
    this.startedAtRun = this.clock.now();
  }

  /** The run's signal: aborted when the run stops (fail-fast, cancellation, an external abort). */
  get signal(): AbortSignal {
    return this.link.signal;
  }
}
