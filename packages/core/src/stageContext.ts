/**
 * @module `StageContext`: everything one stage attempt can see and do.
 */
import type { Clock } from "./clock.js";
import type { ContextKey } from "./context/contextKey.js";
import type { StageInputs } from "./context/stageInputs.js";
import type { EventSink } from "./events/eventSink.js";
import type { LifecycleEventType, StageflowEventMap } from "./events/eventTypes.js";
import type { ContextSnapshot } from "./snapshot/contextSnapshot.js";
import type { StageKind } from "./stageKind.js";

/**
 * What a stage's `execute` receives for one attempt. Built by the executor; build one by hand with
 * `createStageContext` (or `createTestStageContext` from `@stageflow/testing`).
 */
export interface StageContext<TInput = unknown> {
  /** The run's frozen snapshot. */
  readonly snapshot: ContextSnapshot<TInput>;
  /** Outputs of the stage's declared dependencies. */
  readonly inputs: StageInputs;
  /** This stage's name. */
  readonly stageName: string;
  /** This stage's kind. */
  readonly stageKind: StageKind;
  /** The attempt number, 1-based (greater than 1 under a retry interceptor). */
  readonly attempt: number;
  /** Aborts on run cancellation, fail-fast sibling failure, or this attempt's timeout. Honour it. */
  readonly signal: AbortSignal;
  /** The run's sink, wrapped so that it never throws. */
  readonly eventSink: EventSink;
  /** The run's clock; use it for waits so tests run in virtual time. */
  readonly clock: Clock;
  /** The run id (`snapshot.runId.pipelineRunId`). */
  readonly runId: string;
  /** The pipeline's name. */
  readonly pipeline: string;
  /**
   * Emits a known event type (from `StageflowEventMap`) with this stage and attempt filled in, its
   * payload checked. The lifecycle events the executor reports itself are not accepted.
   * @param type - dotted event type
   * @param data - payload
   */
  emit<K extends Exclude<keyof StageflowEventMap, LifecycleEventType>>(
    type: K,
    data: StageflowEventMap[K],
  ): void;
  /**
   * Emits a custom event type (augment `StageflowEventMap` to type it).
   * @param type - dotted event type
   * @param data - payload; `{}` when omitted
   * @throws `InvalidOptionsError` for a malformed type, or a lifecycle event the executor emits
   *   itself (`pipeline.*` ends and starts, `stage.started` and the stage end events)
   */
  emit<T extends string>(type: T extends keyof StageflowEventMap ? never : T, data?: unknown): void;
  /**
   * Emits `stage.${status}` for this stage (e.g. `recordStageEvent("progress", { pct: 40 })`).
   * @param status - the suffix after `stage.`: dotted words without spaces
   * @param data - payload
   * @throws `InvalidOptionsError` for a malformed status, or one the executor reports itself
   *   (`started`, `completed`, `skipped`, `failed`, `cancelled`)
   */
  recordStageEvent(status: string, data?: unknown): void;
  /**
   * Reads a run-scoped value a plugin provides.
   * @param key - the typed key
   * @throws `MissingContextValueError` when no plugin provides it and it has no default
   */
  get<T>(key: ContextKey<T>): T;
}
