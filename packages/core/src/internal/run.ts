/**
 * @module One run of a graph: Kahn scheduling with per-run in-degree counters, fail-fast by default.
 * @internal
 */
import { systemClock, type Clock, type RandomSource } from "../clock.js";
import { AbortLink } from "../abortLink.js";
import { onAbort } from "../onAbort.js";
import { PipelineCancelledError } from "../errors/pipelineCancelledError.js";
import type { StageFailure } from "../errors/pipelineFailedError.js";
import type { Interceptor } from "../interceptor.js";
import { checkInterceptors, checkPlugins } from "../pipeline.js";
import type { PipelineResult } from "../pipelineResult.js";
import type { StageOutcome } from "../plugin.js";
import type { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { RunOptions, StageGraph } from "../stageGraph.js";
import { StageKind } from "../stageKind.js";
import { StageOutput } from "../stageOutput.js";
import { RunEmitter } from "./emitter.js";
import { finishRun } from "./finishRun.js";
import { gate } from "./gate.js";
import { launchStage } from "./launch.js";
import type { GraphNode } from "./graphNode.js";
import { PluginHooks, type CombinedDecision } from "./pluginHooks.js";
import { combinePlugins } from "./pluginSet.js";
import { createRunInfo, describeAbortReason } from "./runSetup.js";
import type { ContextHost } from "./stageContextImpl.js";
import { scheduleOn } from "./schedule.js";
import { allocateRunArrays } from "./runArrays.js";
import { StageRecords } from "./stageRecords.js";

/** The reason the run's end link aborts with (a reason, so that no `AbortSignal` is created for it). */
const RUN_ENDED: unknown = Object.freeze({ reason: "the run ended" });

const PENDING = 0;
const RUNNING = 1;
const SETTLED = 2;

/** The mutable state of one run. */
export class Run {
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
  readonly #ended = new AbortLink();
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
  readonly #indeg: Int32Array;
  /** When each stage started on the run's clock (NaN until it does). */
  readonly startedAt: Float64Array;
  /** Stages whose dependencies have settled, in order; each enters at most once per run. */
  readonly #ready: Int32Array;
  #readyHead = 0;
  #readyTail = 0;
  /** The clock reading taken by the settle that is releasing dependents (NaN outside one). */
  settleNow = Number.NaN;
  #running = 0;
  #settled = 0;
  #draining = false;
  #finished = false;
  readonly #graceMs: number;
  /** Cancels the grace timer started when the run stopped with stages still running. */
  #cancelGrace: (() => void) | undefined;
  /** Run-level interceptors. */
  readonly runInterceptors: readonly Interceptor[];
  /** Per-stage interceptor chains merged with the run's, built on first use (only when the run has some). */
  readonly chains: Array<readonly Interceptor[] | undefined> | undefined;
  readonly #external: AbortSignal | undefined;
  /** Stops following the external signal (one shared listener however many runs follow it). */
  #unfollowExternal: (() => void) | undefined;
  #resolve!: (value: PipelineResult) => void;
  #reject!: (error: unknown) => void;

  constructor(graph: StageGraph, snapshot: ContextSnapshot<unknown>, options: RunOptions) {
    const n = graph.nodes.length;
    this.graph = graph;
    this.nodes = graph.nodes;
    this.clock = options.clock ?? systemClock;
    const random: RandomSource = options.random ?? Math.random;
    const runId = snapshot.runId.pipelineRunId;
    const pipeline = graph.name;
    this.emitter = new RunEmitter({
      sink: options.eventSink,
      onSinkError: options.onSinkError,
      runId,
      pipeline,
      clock: this.clock,
    });
    this.outputs = new Array<StageOutput | undefined>(n);
    const values = new Map<symbol, unknown>();
    this.host = {
      signalSource: this.link,
      snapshot,
      runId,
      pipeline,
      clock: this.clock,
      random,
      emitter: this.emitter,
      values,
      outputs: this.outputs,
      runEnd: this.#ended,
    };
    const arrays = allocateRunArrays(graph.indegree, graph.hasRoutes);
    this.state = arrays.state;
    this.attempts = arrays.attempts;
    this.records = new StageRecords(this.outputs, arrays);
    this.#indeg = arrays.indegree;
    this.startedAt = arrays.startedAt;
    this.#ready = arrays.ready;
    this.prunedDeps = arrays.prunedDeps;
    this.routeRejected = arrays.routeRejected;
    this.#graceMs = options.abortGraceMs ?? 10_000;
    const plugins = combinePlugins(graph.plugins, checkPlugins("StageGraph.run", options.plugins));
    this.runInterceptors = checkInterceptors("StageGraph.run", options.interceptors);
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
    this.#external = options.signal;
    this.startedAtRun = this.clock.now();
  }

  /** The run's signal: aborted when the run stops (fail-fast, cancellation, an external abort). */
  get signal(): AbortSignal {
    return this.link.signal;
  }

  /** Starts the run; resolves with its result. */
  start(): Promise<PipelineResult> {
    const done = new Promise<PipelineResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.emitter.emit("pipeline.started", undefined, undefined, { stageCount: this.nodes.length });
    if (this.#external !== undefined) {
      this.#unfollowExternal = onAbort(this.#external, this.#onExternalAbort);
    }
    const hooks = this.hooks;
    if (hooks === undefined || !hooks.hasRunStart) this.#begin();
    else
      hooks.runStart().then(
        () => this.#begin(),
        (error: unknown) => this.#abandon(error),
      );
    return done;
  }

  #begin(): void {
    try {
      this.hooks?.provideInto(this.host.values);
    } catch (error) {
      this.#abandon(error);
      return;
    }
    for (const root of this.graph.roots) this.#ready[this.#readyTail++] = root;
    this.#drain();
    this.#maybeFinish();
  }

  /**
   * A plugin broke while the run was starting: nothing has started, so reject as a programmer error,
   * after closing the event stream that `pipeline.started` opened.
   */
  #abandon(error: unknown): void {
    this.#finished = true;
    this.#unfollowExternal?.();
    this.link.abort(error);
    this.emitter.emit("pipeline.failed", undefined, undefined, {
      status: "failed",
      durationMs: Math.max(0, this.clock.now() - this.startedAtRun),
      counts: { ok: 0, skip: 0, cancel: 0, fail: 0, retry: 0 },
    });
    this.emitter.close();
    this.#reject(error);
  }

  readonly #onExternalAbort = (): void => {
    const reason: unknown = this.#external?.reason;
    const message = describeAbortReason(reason);
    this.stop(
      "cancelled",
      new PipelineCancelledError(`the run's signal was aborted (${message})`, undefined, reason),
    );
  };

  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    const ready = this.#ready;
    while (this.#readyHead < this.#readyTail) this.#start(ready[this.#readyHead++] as number);
    this.#draining = false;
  }

  #start(i: number): void {
    // Once the run stops nothing new starts; pending stages are swept as cancelled when it finishes.
    if (this.stopping !== undefined) return;
    const node = this.nodes[i] as GraphNode;
    const decision = gate(node, this);
    this.state[i] = RUNNING;
    this.#running++;
    if (decision !== undefined) {
      if ("fail" in decision) this.settle(i, StageOutput.fail(decision.fail));
      else if (decision.pruned) this.settle(i, undefined, decision.skip, true);
      else this.settle(i, StageOutput.skip(decision.skip));
      return;
    }
    launchStage(this, i);
  }

  /**
   * Records a stage's final outcome (once: late results are discarded), tells plugins, applies the
   * failure policy and releases dependents.
   */
  settle(i: number, output: StageOutput | undefined, reason?: string, pruned = false): void {
    if (this.state[i] !== RUNNING) return;
    this.state[i] = SETTLED;
    this.#running--;
    this.#settled++;
    const node = this.nodes[i] as GraphNode;
    const started = this.startedAt[i] as number;
    const raw = output?.status ?? (pruned ? "skip" : "cancel");
    const status = raw === "retry" ? "fail" : raw;
    const now = this.clock.now();
    // A wall clock can step backwards (NTP); a duration is never negative.
    const durationMs = Number.isNaN(started) || now < started ? 0 : now - started;
    this.records.settle(i, status, durationMs);
    if (reason !== undefined || pruned) this.records.explain(i, reason, pruned);
    if (output !== undefined) this.outputs[i] = output;
    const hooks = this.hooks;
    if (status === "ok" && hooks === undefined) {
      // The common case needs no outcome record: a completed event from the flat fields, if anyone listens.
      if (this.emitter.enabled)
        this.emitter.stageCompleted(node.name, this.attempts[i] as number, durationMs);
    } else if (this.emitter.enabled || hooks !== undefined) {
      const outcome = this.outcomeOf(i) as StageOutcome;
      this.emitter.stageSettled(node.name, outcome);
      const decision = hooks?.settled(node, outcome);
      if (status === "fail" || status === "cancel" || typeof decision === "object")
        this.#policy(node, outcome, decision);
    } else if (status === "fail" || status === "cancel") {
      this.#policy(node, this.outcomeOf(i) as StageOutcome, undefined);
    }
    if (node.kind === StageKind.ROUTE && status === "ok" && this.routeRejected !== undefined)
      this.#route(node, output?.data);
    const prunedDeps = this.prunedDeps;
    const dependents = node.dependents;
    for (let k = 0; k < dependents.length; k++) {
      const d = dependents[k] as number;
      if (pruned && prunedDeps !== undefined) prunedDeps[d] = (prunedDeps[d] as number) + 1;
      const left = (this.#indeg[d] as number) - 1;
      this.#indeg[d] = left;
      if (left === 0) this.#ready[this.#readyTail++] = d;
    }
    const outer = this.settleNow;
    this.settleNow = now;
    this.#drain();
    this.settleNow = outer;
    // After the drain, so that dependents already wait for a slot when this stage's is handed on.
    if (hooks !== undefined && hooks.hasAcquire) hooks.releaseSlots(i);
    this.#maybeFinish();
  }

  /** Applies the failure policy to a failed or cancelled stage (or one a plugin asked to abort on). */
  #policy(node: GraphNode, outcome: StageOutcome, decision: CombinedDecision): void {
    const { status, output } = outcome;
    const stopped = typeof decision === "object" ? decision : undefined;
    const abort = stopped?.abort;
    // A tolerated failure stays on the stage's record but does not count against the run. A plugin's
    // reason for stopping the run is recorded against the stage that had just settled: beside a failed
    // stage's own error only when the plugin gave one (a bare "abort" on a failure adds nothing new).
    if (status === "fail" && decision !== "tolerate")
      this.failures.push({ stage: node.name, error: output?.error ?? new Error("failed") });
    const newReason =
      status === "fail" ? stopped?.given === true && abort !== output?.error : status !== "cancel";
    if (abort !== undefined && newReason) this.failures.push({ stage: node.name, error: abort });
    if (status === "cancel" && this.stopping === undefined) {
      this.stop(
        "cancelled",
        output?.error ?? new PipelineCancelledError(outcome.reason ?? "cancelled", node.name),
      );
    } else if (abort !== undefined || (status === "fail" && decision === undefined)) {
      const why = status === "fail" ? "failed" : `settled and a plugin stopped the run (${abort?.message})`;
      this.stop(
        "failed",
        new PipelineCancelledError(
          `stage "${node.name}" ${why}, so the run was stopped`,
          node.name,
          status === "fail" ? output?.error : abort,
        ),
      );
    }
  }

  #route(node: GraphNode, data: unknown): void {
    const route = (data as { route?: unknown } | null | undefined)?.route;
    if (route === undefined) return; // no routing decision: every branch runs
    const keys: unknown[] = Array.isArray(route) ? route : [route];
    const selected = new Set(keys.map((k) => String(k as string)));
    for (const d of node.dependents) {
      if (!selected.has((this.nodes[d] as GraphNode).branch)) (this.routeRejected as Uint8Array)[d] = 1;
    }
  }

  /** Stops the run: aborts the run signal and waits (up to the grace period) for running stages. */
  stop(kind: "failed" | "cancelled", reason: Error): void {
    if (this.stopping !== undefined || this.#finished) return;
    this.stopping = kind;
    if (kind === "cancelled") this.cancelReason = reason;
    this.link.abort(reason);
    if (this.#running > 0 && Number.isFinite(this.#graceMs)) {
      this.#cancelGrace = scheduleOn(this.clock, this.#graceMs, () => this.#expireGrace());
    }
  }

  #expireGrace(): void {
    const why = `did not stop within abortGraceMs (${this.#graceMs} ms) after the run stopped`;
    for (let i = 0; i < this.state.length; i++) if (this.state[i] === RUNNING) this.settle(i, undefined, why);
  }

  #maybeFinish(): void {
    if (this.#finished || this.#running > 0 || this.#draining) return;
    if (this.#settled < this.nodes.length && this.stopping === undefined) return;
    this.#finished = true;
    this.#cancelGrace?.();
    this.#unfollowExternal?.();
    this.#ended.abort(RUN_ENDED);
    for (let i = 0; i < this.state.length; i++) {
      if (this.state[i] !== PENDING) continue;
      this.state[i] = RUNNING;
      this.#running++;
      this.settle(i, undefined, "the run stopped before this stage started");
    }
    finishRun(this, this.hooks).then(this.#resolve, this.#reject);
  }

  /** A settled stage's outcome record (built once, on first request); `undefined` before it settles. */
  outcomeOf(index: number): StageOutcome | undefined {
    return this.records.outcome(index);
  }
}
