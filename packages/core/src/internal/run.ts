/**
 * @module One run of a graph: Kahn scheduling with per-run in-degree counters, fail-fast by default.
 * @internal
 */
import { systemClock, type Clock, type RandomSource } from "../clock.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { PipelineCancelledError } from "../errors/pipelineCancelledError.js";
import type { StageFailure } from "../errors/pipelineFailedError.js";
import { serializeError } from "../events/eventTypes.js";
import { orderInterceptors, type Interceptor } from "../interceptor.js";
import { assertKnownOptions } from "../options.js";
import { checkInterceptors, checkPlugins } from "../pipeline.js";
import type { RunInfo, StageOutcome } from "../plugin.js";
import { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { RunOptions, StageGraph } from "../stageGraph.js";
import { StageKind } from "../stageKind.js";
import { StageOutput } from "../stageOutput.js";
import { callStage, runChain } from "./attempt.js";
import { RunEmitter } from "./emitter.js";
import { finishRun } from "./finishRun.js";
import type { GraphNode } from "./graphNode.js";
import { PluginHooks } from "./pluginHooks.js";
import { StageContextImpl, type ContextHost } from "./stageContextImpl.js";

const RUN_OPTION_KEYS = ["eventSink", "onSinkError", "interceptors", "plugins", "signal", "clock", "random", "abortGraceMs"] as const;
const PENDING = 0;
const RUNNING = 1;
const SETTLED = 2;

/** Validates `graph.run` arguments. */
export function validateRunOptions(snapshot: unknown, options: RunOptions | undefined): void {
  if (!(snapshot instanceof ContextSnapshot)) {
    throw new InvalidOptionsError("StageGraph.run", "the first argument must be a ContextSnapshot (ContextSnapshot.create(...)).");
  }
  if (options === undefined) return;
  assertKnownOptions("StageGraph.run", options, RUN_OPTION_KEYS);
  if (options.eventSink !== undefined && typeof options.eventSink?.emit !== "function") {
    throw new InvalidOptionsError("StageGraph.run", "eventSink must have an emit(event) method.");
  }
  if (options.clock !== undefined && (typeof options.clock?.now !== "function" || typeof options.clock.sleep !== "function")) {
    throw new InvalidOptionsError("StageGraph.run", "clock must have now() and sleep(ms, signal).");
  }
  if (options.random !== undefined && typeof options.random !== "function") {
    throw new InvalidOptionsError("StageGraph.run", "random must be a function returning a number in [0, 1).");
  }
  if (options.signal !== undefined && !(typeof options.signal === "object" && "aborted" in options.signal)) {
    throw new InvalidOptionsError("StageGraph.run", "signal must be an AbortSignal.");
  }
  const grace = options.abortGraceMs;
  if (grace !== undefined && !(typeof grace === "number" && grace >= 0)) {
    throw new InvalidOptionsError("StageGraph.run", `abortGraceMs must be a number ≥ 0, got ${String(grace)}.`);
  }
}

/** The mutable state of one run. */
export class Run {
  readonly graph: StageGraph;
  readonly nodes: readonly GraphNode[];
  readonly host: ContextHost;
  readonly emitter: RunEmitter;
  readonly clock: Clock;
  readonly controller = new AbortController();
  readonly outputs: Array<StageOutput | undefined>;
  readonly outcomes: Array<StageOutcome | undefined>;
  readonly state: Uint8Array;
  readonly attempts: Int32Array;
  readonly failures: StageFailure[] = [];
  readonly startedAtRun: number;
  stopping: "failed" | "cancelled" | undefined;
  cancelReason: Error | undefined;
  readonly #indeg: Int32Array;
  readonly #startedAt: Float64Array;
  readonly #prunedDeps: Int32Array | undefined;
  readonly #routeRejected: Uint8Array | undefined;
  readonly #ready: number[] = [];
  #readyHead = 0;
  #running = 0;
  #settled = 0;
  #draining = false;
  #finished = false;
  readonly #graceMs: number;
  #grace: AbortController | undefined;
  readonly #hooks: PluginHooks | undefined;
  readonly #runInterceptors: readonly Interceptor[];
  readonly #chains: Array<readonly Interceptor[] | undefined> | undefined;
  readonly #external: AbortSignal | undefined;
  #resolve!: (value: Awaited<ReturnType<typeof finishRun>>) => void;
  #reject!: (error: unknown) => void;

  constructor(graph: StageGraph, snapshot: ContextSnapshot<unknown>, options: RunOptions) {
    const n = graph.nodes.length;
    this.graph = graph;
    this.nodes = graph.nodes;
    this.clock = options.clock ?? systemClock;
    const random: RandomSource = options.random ?? Math.random;
    const runId = snapshot.runId.pipelineRunId;
    this.emitter = new RunEmitter({ sink: options.eventSink, onSinkError: options.onSinkError, runId, pipeline: graph.name, clock: this.clock });
    this.outputs = new Array<StageOutput | undefined>(n);
    this.outcomes = new Array<StageOutcome | undefined>(n);
    this.host = { snapshot, runId, pipeline: graph.name, clock: this.clock, random, emitter: this.emitter, values: new Map(), outputs: this.outputs };
    this.state = new Uint8Array(n);
    this.attempts = new Int32Array(n);
    this.#indeg = graph.indegree.slice();
    this.#startedAt = new Float64Array(n).fill(Number.NaN);
    if (graph.hasRoutes) {
      this.#prunedDeps = new Int32Array(n);
      this.#routeRejected = new Uint8Array(n);
    }
    this.#graceMs = options.abortGraceMs ?? 10_000;
    const plugins = [...graph.plugins, ...checkPlugins("StageGraph.run", options.plugins)];
    this.#runInterceptors = checkInterceptors("StageGraph.run", options.interceptors);
    if (this.#runInterceptors.length > 0) this.#chains = new Array<readonly Interceptor[] | undefined>(n);
    if (plugins.length > 0) this.#hooks = new PluginHooks(plugins, this.#runInfo());
    this.#external = options.signal;
    this.startedAtRun = this.clock.now();
  }

  /** Starts the run; resolves with its result. */
  start(): Promise<Awaited<ReturnType<typeof finishRun>>> {
    const done = new Promise<Awaited<ReturnType<typeof finishRun>>>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.emitter.emit("pipeline.started", undefined, undefined, { stageCount: this.nodes.length });
    if (this.#external !== undefined) {
      if (this.#external.aborted) this.#onExternalAbort();
      else this.#external.addEventListener("abort", this.#onExternalAbort, { once: true });
    }
    const hooks = this.#hooks;
    if (hooks === undefined || !hooks.hasRunStart) this.#begin();
    else hooks.runStart().then(() => this.#begin(), (error: unknown) => this.#abandon(error));
    return done;
  }

  #begin(): void {
    try {
      this.#hooks?.provideInto(this.host.values);
    } catch (error) {
      this.#abandon(error);
      return;
    }
    for (const root of this.graph.roots) this.#ready.push(root);
    this.#drain();
    this.#maybeFinish();
  }

  /** A plugin broke while the run was starting: nothing has started, so reject as a programmer error. */
  #abandon(error: unknown): void {
    this.#finished = true;
    this.#external?.removeEventListener("abort", this.#onExternalAbort);
    this.controller.abort(error);
    this.#reject(error);
  }

  readonly #onExternalAbort = (): void => {
    const reason: unknown = this.#external?.reason;
    const message = reason instanceof Error ? reason.message : reason === undefined ? "aborted" : String(reason);
    this.stop("cancelled", new PipelineCancelledError(`the run's signal was aborted (${message})`, undefined, reason));
  };

  #runInfo(): RunInfo {
    const run = this;
    const byName = new Map(this.nodes.map((n) => [n.name, n]));
    return Object.freeze({
      runId: this.host.runId,
      pipeline: this.graph.name,
      snapshot: this.host.snapshot,
      signal: this.controller.signal,
      clock: this.clock,
      random: this.host.random,
      stages: this.graph.stages,
      eventSink: this.emitter.safeSink,
      emit(type: string, data: unknown, stage?: string): void {
        run.emitter.emit(type, stage, undefined, data);
      },
      dependentsOf(stage: string): readonly string[] {
        return (byName.get(stage)?.dependents ?? []).map((d) => (run.nodes[d] as GraphNode).name);
      },
    });
  }

  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    const ready = this.#ready;
    while (this.#readyHead < ready.length) {
      const i = ready[this.#readyHead++] as number;
      this.#start(i);
    }
    ready.length = 0;
    this.#readyHead = 0;
    this.#draining = false;
  }

  #start(i: number): void {
    const node = this.nodes[i] as GraphNode;
    if (this.stopping !== undefined) return; // swept as cancelled when the run finishes
    if (this.#routeRejected !== undefined && node.hasRouteParent) {
      if (this.#routeRejected[i] === 1) return this.#settleEarly(i, "skip", "not selected by its route", true);
    }
    if (this.#prunedDeps !== undefined && node.deps.length > 0 && this.#prunedDeps[i] === node.deps.length) {
      return this.#settleEarly(i, "skip", "every dependency was pruned", true);
    }
    if (node.when !== undefined) {
      let run: boolean;
      try {
        const ctx = new StageContextImpl(this.host, node, 1, this.controller.signal);
        run = typeof node.when === "function" ? node.when(ctx.inputs, this.host.snapshot) : node.when.evaluate(ctx.inputs, this.host.snapshot);
      } catch (error) {
        return this.#settleEarly(i, "fail", error instanceof Error ? error : new Error(String(error)), false);
      }
      if (!run) return this.#settleEarly(i, "skip", "its when condition was false", false);
    }
    if (this.#hooks !== undefined && this.#hooks.hasShouldRun) {
      const decision = this.#hooks.shouldRun(node, this);
      if (decision instanceof Error) return this.#settleEarly(i, "fail", decision, false);
      if (decision !== undefined) return this.#settleEarly(i, "skip", decision.skip, false);
    }
    this.state[i] = RUNNING;
    this.#running++;
    const launched = this.#hooks !== undefined && this.#hooks.hasAcquire ? this.#acquireThenLaunch(i) : this.#launch(i);
    launched.catch((error: unknown) => this.settle(i, StageOutput.fail(error)));
  }

  async #acquireThenLaunch(i: number): Promise<void> {
    const node = this.nodes[i] as GraphNode;
    const admitted = await (this.#hooks as PluginHooks).acquire(node, this.controller.signal);
    if (admitted instanceof Error || admitted === "stopped") {
      const output = admitted instanceof Error ? StageOutput.fail(admitted) : undefined;
      if (output === undefined) this.settle(i, undefined, "run stopped while the stage waited for a slot");
      else this.settle(i, output);
      return;
    }
    try {
      await this.#launch(i);
    } finally {
      for (const release of admitted) release();
    }
  }

  async #launch(i: number): Promise<void> {
    const node = this.nodes[i] as GraphNode;
    this.#startedAt[i] = this.clock.now();
    if (this.emitter.enabled) this.emitter.emit("stage.started", node.name, 1, { kind: node.kind });
    const ctx = new StageContextImpl(this.host, node, 1, this.controller.signal);
    const chain = this.#chainFor(node);
    const onAttempt = (): void => {
      this.attempts[i] = (this.attempts[i] as number) + 1;
    };
    const output = chain.length === 0 ? await callStage(node, ctx, onAttempt) : await runChain(node, chain, 0, ctx, onAttempt);
    this.settle(i, output);
  }

  #chainFor(node: GraphNode): readonly Interceptor[] {
    if (this.#chains === undefined) return node.interceptors;
    return (this.#chains[node.index] ??= orderInterceptors([...this.graph.pipelineInterceptors, ...this.#runInterceptors, ...node.ownInterceptors]));
  }

  /** Settles a stage that never started (skipped, pruned, condition failed). */
  #settleEarly(i: number, status: "skip" | "fail", detail: string | Error, pruned: boolean): void {
    this.state[i] = RUNNING;
    this.#running++;
    if (status === "fail") this.settle(i, StageOutput.fail(detail), undefined, false);
    else this.settle(i, pruned ? undefined : StageOutput.skip(detail as string), detail as string, pruned);
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
    const started = this.#startedAt[i] as number;
    const durationMs = Number.isNaN(started) ? 0 : this.clock.now() - started;
    const raw = output?.status ?? (pruned ? "skip" : "cancel");
    const status = raw === "retry" ? "fail" : raw;
    const outcome: StageOutcome = {
      status,
      attempts: this.attempts[i] as number,
      durationMs,
      error: output?.error,
      reason: output?.reason ?? reason,
      pruned,
      output,
    };
    this.outcomes[i] = outcome;
    if (output !== undefined) this.outputs[i] = output;
    if (status === "fail") this.failures.push({ stage: node.name, error: output?.error ?? new Error("failed") });
    if (this.emitter.enabled) this.#emitSettled(node, outcome);
    const decision = this.#hooks?.settled(node, outcome);
    if (status === "cancel" && this.stopping === undefined) {
      this.stop("cancelled", output?.error ?? new PipelineCancelledError(outcome.reason ?? "cancelled", node.name));
    } else if (decision === "abort" || (status === "fail" && decision !== "continue")) {
      this.stop("failed", new PipelineCancelledError(`stage "${node.name}" failed, so the run was stopped (fail-fast)`, node.name, output?.error));
    }
    if (node.kind === StageKind.ROUTE && status === "ok" && this.#routeRejected !== undefined) this.#route(node, output?.data);
    const prunedDeps = this.#prunedDeps;
    for (const d of node.dependents) {
      if (pruned && prunedDeps !== undefined) prunedDeps[d] = (prunedDeps[d] as number) + 1;
      const left = (this.#indeg[d] as number) - 1;
      this.#indeg[d] = left;
      if (left === 0) this.#ready.push(d);
    }
    this.#drain();
    this.#maybeFinish();
  }

  #route(node: GraphNode, data: unknown): void {
    const route = (data as { route?: unknown } | null | undefined)?.route;
    if (route === undefined) return; // no routing decision: every branch runs
    const selected = new Set(Array.isArray(route) ? route.map(String) : [String(route)]);
    for (const d of node.dependents) {
      if (!selected.has((this.nodes[d] as GraphNode).branch)) (this.#routeRejected as Uint8Array)[d] = 1;
    }
  }

  #emitSettled(node: GraphNode, o: StageOutcome): void {
    const base = { durationMs: o.durationMs, attempts: o.attempts };
    const e = this.emitter;
    if (o.status === "ok") e.emit("stage.completed", node.name, o.attempts || undefined, base);
    else if (o.status === "skip") e.emit("stage.skipped", node.name, o.attempts || undefined, { ...base, reason: o.reason ?? "skipped", pruned: o.pruned });
    else if (o.status === "fail") e.emit("stage.failed", node.name, o.attempts || undefined, { ...base, error: serializeError(o.error) });
    else e.emit("stage.cancelled", node.name, o.attempts || undefined, { ...base, reason: o.reason ?? "cancelled" });
  }

  /** Stops the run: aborts the run signal and waits (up to the grace period) for running stages. */
  stop(kind: "failed" | "cancelled", reason: Error): void {
    if (this.stopping !== undefined || this.#finished) return;
    this.stopping = kind;
    if (kind === "cancelled") this.cancelReason = reason;
    this.controller.abort(reason);
    if (this.#running > 0 && Number.isFinite(this.#graceMs)) {
      this.#grace = new AbortController();
      this.clock.sleep(this.#graceMs, this.#grace.signal).then(
        () => this.#expireGrace(),
        () => undefined,
      );
    }
  }

  #expireGrace(): void {
    for (let i = 0; i < this.state.length; i++) {
      if (this.state[i] === RUNNING) this.settle(i, undefined, `did not stop within abortGraceMs (${this.#graceMs} ms) after the run stopped`);
    }
  }

  #maybeFinish(): void {
    if (this.#finished || this.#running > 0 || this.#draining) return;
    if (this.#settled < this.nodes.length && this.stopping === undefined) return;
    this.#finished = true;
    this.#grace?.abort();
    this.#external?.removeEventListener("abort", this.#onExternalAbort);
    for (let i = 0; i < this.state.length; i++) {
      if (this.state[i] !== PENDING) continue;
      this.state[i] = RUNNING;
      this.#running++;
      this.settle(i, undefined, "the run stopped before this stage started");
    }
    finishRun(this, this.#hooks).then(this.#resolve, this.#reject);
  }

  /** Plugins that need a stage's dependency outcomes read them here. */
  outcomeOf(index: number): StageOutcome | undefined {
    return this.outcomes[index];
  }
}
