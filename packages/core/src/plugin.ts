/**
 * @module The plugin contract: run-level policy (failure modes, concurrency) and run-scoped services.
 */
import type { Clock, RandomSource } from "./clock.js";
import type { ProvidedValue } from "./context/contextKey.js";
import type { EventSink } from "./events/eventSink.js";
import type { LifecycleEventType, StageflowEventMap } from "./events/eventTypes.js";
import type { PipelineResult, StageRecord } from "./pipelineResult.js";
import type { ContextSnapshot } from "./snapshot/contextSnapshot.js";
import type { AnyStage } from "./stage.js";
import type { StageKind } from "./stageKind.js";
import type { StageOutput } from "./stageOutput.js";

/** A stage as plugins see it: fixed at `build()`, shared by every run. */
export interface StageInfo {
  /** The stage's name. */
  readonly name: string;
  /** Its kind. */
  readonly kind: StageKind;
  /** Its declared dependencies. */
  readonly dependsOn: readonly string[];
  /** Its position in topological order. */
  readonly index: number;
  /** The stage object. */
  readonly stage: AnyStage;
}

/** How a stage settled: its record plus its output. */
export interface StageOutcome extends StageRecord {
  /** The output, when the stage produced one (absent for pruned and never-started stages). */
  readonly output: StageOutput | undefined;
}

/** A dependency's outcome, as given to `shouldRun`. */
export interface DependencyOutcome extends StageOutcome {
  /** The dependency's name. */
  readonly name: string;
}

/** One run, as plugins see it. */
export interface RunInfo {
  /** The run id. */
  readonly runId: string;
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The run's snapshot. */
  readonly snapshot: ContextSnapshot<unknown>;
  /** Aborts when the run stops (fail-fast, cancel, external abort). */
  readonly signal: AbortSignal;
  /** The run's clock. */
  readonly clock: Clock;
  /** The run's random source. */
  readonly random: RandomSource;
  /** Every stage, in topological order. */
  readonly stages: readonly StageInfo[];
  /** The run's sink, wrapped so it never throws. */
  readonly eventSink: EventSink;
  /**
   * Emits a known event type (from `StageflowEventMap`) for this run, its payload checked. The
   * lifecycle events the executor reports itself are not accepted.
   * @param type - event type
   * @param data - payload
   * @param stage - the stage concerned, if any
   * @throws `InvalidOptionsError` for a lifecycle event type (a JavaScript caller can pass one)
   */
  emit<K extends Exclude<keyof StageflowEventMap, LifecycleEventType>>(
    type: K,
    data: StageflowEventMap[K],
    stage?: string,
  ): void;
  /**
   * Emits a custom event type for this run (augment `StageflowEventMap` to type it). A sink that
   * throws never reaches the caller.
   * @param type - dotted event type
   * @param data - payload
   * @param stage - the stage concerned, if any
   * @throws `InvalidOptionsError` for a malformed type
   */
  emit<T extends string>(
    type: T extends keyof StageflowEventMap ? never : T,
    data: unknown,
    stage?: string,
  ): void;
  /** Stages that depend directly on `stage`. */
  dependentsOf(stage: string): readonly string[];
}

/** `shouldRun`'s answer: `undefined` to let the stage run, `{ skip }` to skip it with a reason. */
export type ShouldRunDecision = undefined | { readonly skip: string };

/**
 * `acquire`'s answer: a release function, `undefined` when no slot is needed, or `{ shed }` to refuse
 * the stage (it fails with that error). Core calls the release function once, when the run records
 * the stage as settled. For a stage that ignores its signal that is when the run gives up on it,
 * `abortGraceMs` after the run stopped, even though its code may still be running.
 */
export type AcquireResult = undefined | (() => void) | { readonly shed: Error };

/**
 * `onStageSettled`'s answer: `{ abort: error }` stops the run and records `error` as the reason
 * (in `result.errors`, `throwIfFailed()` and the `pipeline.failed` event, against the stage that had
 * just settled); `"abort"` stops it with an error that names the plugin; `"continue"` keeps it going
 * (a failure still makes the run `failed`); `"tolerate"` keeps it going and does not count the failure
 * against the run (the stage's record still says `fail`, but the run can end `completed` and
 * `result.errors` leaves it out: for optional stages); `undefined` defers.
 */
export type SettleDecision = "continue" | "tolerate" | "abort" | { readonly abort: Error } | undefined;

/**
 * Run-level policy and services. Every hook is optional; the scheduler calls them in plugin order.
 * A plugin object may be shared by concurrent runs: keep per-run state keyed by `RunInfo`
 * (e.g. in a `WeakMap`). Core's defaults: fail-fast, unlimited concurrency, no services.
 */
export interface Plugin {
  /**
   * Identifies the plugin, and is shown in errors. A run has one plugin of each name: a run's plugin
   * replaces the pipeline's plugin of the same name, and two of one name in one list throw
   * `InvalidOptionsError`. A parenthesised suffix (`failureTolerance(continue)`) describes the
   * plugin's configuration and is not part of the name.
   */
  readonly name: string;
  /** Called before any stage starts; may be async. */
  onRunStart?(run: RunInfo): void | Promise<void>;
  /**
   * Values stages read with `ctx.get(key)`: an array (or other iterable) of `key.provide(value)`
   * results, or `undefined`. Called once per run after `onRunStart`, synchronously; any other answer
   * rejects `graph.run` with a `PLUGIN_ERROR` naming the plugin.
   */
  provide?(run: RunInfo): Iterable<ProvidedValue<unknown>> | undefined;
  /** Called when a stage's dependencies have settled; return `{ skip }` to skip it. */
  shouldRun?(stage: StageInfo, dependencies: readonly DependencyOutcome[], run: RunInfo): ShouldRunDecision;
  /**
   * Called before a stage starts (after `shouldRun`); may wait for a slot. Must honour `signal`. The
   * release function it returns is called once, when the run settles the stage (see {@link AcquireResult}).
   */
  acquire?(stage: StageInfo, signal: AbortSignal, run: RunInfo): AcquireResult | Promise<AcquireResult>;
  /**
   * Called when a stage settles, before its dependents are released. The run aborts when any plugin
   * answers `"abort"` or `{ abort }` (the first aborting plugin's reason is recorded); otherwise it
   * tolerates the failure when any answers `"tolerate"`, and continues when any answers `"continue"`;
   * with no answer, core's fail-fast default applies (a `fail` aborts the run). A `cancel` output
   * always cancels the run. Any other answer is reported in `result.pluginErrors` and ignored.
   */
  onStageSettled?(stage: StageInfo, outcome: StageOutcome, run: RunInfo): SettleDecision;
  /** Called once when every stage has settled; a returned object's fields are attached to the result. */
  onRunEnd?(
    result: PipelineResult,
    run: RunInfo,
  ): void | Readonly<Record<string, unknown>> | Promise<void | Readonly<Record<string, unknown>>>;
}
