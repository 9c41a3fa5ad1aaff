/**
 * @module One run of a graph: Kahn scheduling with per-run in-degree counters, fail-fast by default.
 * @internal
 */
import { onAbort } from "../onAbort.js";
import { PipelineCancelledError } from "../errors/pipelineCancelledError.js";
import type { PipelineResult } from "../pipelineResult.js";
import type { StageOutcome } from "../plugin.js";
import type { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { RunOptions, StageGraph } from "../stageGraph.js";
import { StageKind } from "../stageKind.js";
import { StageOutput } from "../stageOutput.js";
import { finishRun } from "./finishRun.js";
import { gate, rejectUnselected } from "./gate.js";
import { reportSettled } from "./failurePolicy.js";
import { launchStage } from "./launch.js";
import type { GraphNode } from "./graphNode.js";
import { describeAbortReason } from "./runSetup.js";
import { RunState } from "./runState.js";
import { scheduleOn } from "./schedule.js";

/** The reason the run's end link aborts with (a reason, so that no `AbortSignal` is created for it). */
const RUN_ENDED: unknown = Object.freeze({ reason: "the run ended" });

const PENDING = 0;
const RUNNING = 1;
const SETTLED = 2;

/**
 * One run: starts stages as their dependencies settle, settles each exactly once, applies the failure
 * policy, and resolves with the result once every stage has settled.
 */
export class Run extends RunState {
  #readyHead = 0;
  #readyTail = 0;
  #running = 0;
  #settled = 0;
  #draining = false;
  #finished = false;
  /** Cancels the grace timer started when the run stopped with stages still running. */
  #cancelGrace: (() => void) | undefined;
  /** Stops following the external signal (one shared listener however many runs follow it). */
  #unfollowExternal: (() => void) | undefined;
  #resolve!: (value: PipelineResult) => void;
  #reject!: (error: unknown) => void;

  constructor(graph: StageGraph, snapshot: ContextSnapshot<unknown>, options: RunOptions) {
    super(graph, snapshot, options);
  }

  /** Starts the run; resolves with its result. */
  start(): Promise<PipelineResult> {
    const done = new Promise<PipelineResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.emitter.emit("pipeline.started", undefined, undefined, { stageCount: this.nodes.length });
    if (this.external !== undefined) {
      this.#unfollowExternal = onAbort(this.external, this.#onExternalAbort);
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
    for (const root of this.graph.roots) this.ready[this.#readyTail++] = root;
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
    const reason: unknown = this.external?.reason;
    const message = describeAbortReason(reason);
    this.stop(
      "cancelled",
      new PipelineCancelledError(`the run's signal was aborted (${message})`, undefined, reason),
    );
  };

  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    const ready = this.ready;
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
    } else reportSettled(this, node, status);
    if (node.kind === StageKind.ROUTE && status === "ok" && this.routeRejected !== undefined)
      rejectUnselected(this.nodes, this.routeRejected, node, output?.data);
    const prunedDeps = this.prunedDeps;
    const dependents = node.dependents;
    for (let k = 0; k < dependents.length; k++) {
      const d = dependents[k] as number;
      if (pruned && prunedDeps !== undefined) prunedDeps[d] = (prunedDeps[d] as number) + 1;
      const left = (this.indeg[d] as number) - 1;
      this.indeg[d] = left;
      if (left === 0) this.ready[this.#readyTail++] = d;
    }
    const outer = this.settleNow;
    this.settleNow = now;
    this.#drain();
    this.settleNow = outer;
    // After the drain, so that dependents already wait for a slot when this stage's is handed on.
    if (hooks !== undefined && hooks.hasAcquire) hooks.releaseSlots(i);
    this.#maybeFinish();
  }

  /** Stops the run: aborts the run signal and waits (up to the grace period) for running stages. */
  stop(kind: "failed" | "cancelled", reason: Error): void {
    if (this.stopping !== undefined || this.#finished) return;
    this.stopping = kind;
    if (kind === "cancelled") this.cancelReason = reason;
    this.link.abort(reason);
    if (this.#running > 0 && Number.isFinite(this.graceMs)) {
      this.#cancelGrace = scheduleOn(this.clock, this.graceMs, () => this.#expireGrace());
    }
  }

  #expireGrace(): void {
    const why = `did not stop within abortGraceMs (${this.graceMs} ms) after the run stopped`;
    for (let i = 0; i < this.state.length; i++) if (this.state[i] === RUNNING) this.settle(i, undefined, why);
  }

  #maybeFinish(): void {
    if (this.#finished || this.#running > 0 || this.#draining) return;
    if (this.#settled < this.nodes.length && this.stopping === undefined) return;
    this.#finished = true;
    this.#cancelGrace?.();
    this.#unfollowExternal?.();
    this.ended.abort(RUN_ENDED);
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
