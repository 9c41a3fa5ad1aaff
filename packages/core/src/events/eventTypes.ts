/**
 * @module The event family every run emits, as a discriminated union.
 */
import { isError, messageOf, nameOf, readSafely, toText } from "../internal/inspect.js";
import type { StageKind, StageStatus } from "../stageKind.js";

/** An error as it travels in an event: plain JSON. */
export interface SerializedError {
  /** The error's `name` (`"StageTimeoutError"`). */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
  /** The Stageflow `code`, when it has one. */
  readonly code?: string;
}

/** How a run ended. */
export type RunStatus = "completed" | "failed" | "cancelled";

/**
 * The `data` of every built-in event type. Packages and applications add their own event types by
 * augmenting this interface (`declare module "@stageflow/core" { interface StageflowEventMap { … } }`),
 * as `@stageflow/enrich` does for its `context.*` events.
 */
export interface StageflowEventMap {
  /** A run began. */
  "pipeline.started": { readonly stageCount: number };
  /** Every stage settled and none failed. */
  "pipeline.completed": RunEndData;
  /** At least one stage failed. */
  "pipeline.failed": RunEndData;
  /** The run was cancelled (by a stage or an external abort). */
  "pipeline.cancelled": RunEndData;
  /** A stage began its first attempt. */
  "stage.started": { readonly kind: StageKind };
  /** A stage finished with `ok`. */
  "stage.completed": StageEndData;
  /** A stage skipped itself, was skipped by `when` or a plugin, or was pruned by a route. */
  "stage.skipped": StageEndData & { readonly reason: string; readonly pruned: boolean };
  /** A stage failed (after all retries). */
  "stage.failed": StageEndData & { readonly error: SerializedError };
  /** A stage was cancelled, or never started because the run stopped. */
  "stage.cancelled": StageEndData & { readonly reason: string };
  /** An attempt exceeded its timeout. */
  "stage.timeout": { readonly timeoutMs: number };
  /** The retry interceptor will try again after `delayMs`. */
  "stage.retry_scheduled": {
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: SerializedError;
    readonly backoff: string;
    readonly jitter: string;
    readonly retryAfterMs?: number;
    readonly capped?: boolean;
  };
  /** The retry interceptor gave up. */
  "stage.retry_exhausted": {
    readonly attempts: number;
    readonly error: SerializedError;
    readonly reason: string;
  };
  /** Backpressure refused a stage. */
  "stage.shed": { readonly reason: string; readonly active: number; readonly queued: number };
  /** Utilisation crossed the high watermark. */
  "backpressure.overloaded": BackpressureData;
  /** Utilisation fell below the low watermark. */
  "backpressure.recovered": BackpressureData;
  /** A circuit breaker opened. */
  "circuit.opened": CircuitData;
  /** A circuit breaker lets a probe through. */
  "circuit.half_open": CircuitData;
  /** A circuit breaker closed again. */
  "circuit.closed": CircuitData;
  /** The failure collector recorded a failure. */
  "failure.recorded": {
    readonly error: SerializedError;
    readonly recoverable: boolean;
    readonly mode: string;
  };
}

/** Data of every `pipeline.*` end event. */
export interface RunEndData {
  /** How the run ended. */
  readonly status: RunStatus;
  /** Run duration. */
  readonly durationMs: number;
  /** Count of stages per final status. */
  readonly counts: Readonly<Record<StageStatus, number>>;
  /**
   * What failed: each failure counted against the run, in the order they happened, as in
   * `result.errors` (a stage's own error, or a plugin's reason for stopping the run). Always on
   * `pipeline.failed`; on `pipeline.cancelled` only when something failed while the run was being
   * cancelled.
   */
  readonly failures?: ReadonlyArray<{ readonly stage: string; readonly error: SerializedError }>;
  /** Why the run was cancelled (`pipeline.cancelled` only), as in `result.cancelReason`. */
  readonly reason?: SerializedError;
}

/** Data common to every stage end event. */
export interface StageEndData {
  /** Time from the stage's start to its settlement (0 when it never started). */
  readonly durationMs: number;
  /** How many attempts ran. */
  readonly attempts: number;
}

/** Data of backpressure events. */
export interface BackpressureData {
  /** Active stages ÷ capacity. */
  readonly utilization: number;
  /** Stages running. */
  readonly active: number;
  /** Stages waiting. */
  readonly queued: number;
}

/** Data of circuit events. */
export interface CircuitData {
  /** The breaker's key (usually the stage name). */
  readonly key: string;
  /** Failures counted when the state changed. */
  readonly failures: number;
}

/** Every built-in event type name. */
export type StageflowEventType = keyof StageflowEventMap;

/**
 * The event types only the executor emits (a run's start and end, a stage's start and end). `ctx.emit`,
 * `ctx.recordStageEvent` and a plugin's `run.emit` refuse them, so a stage has one terminal event and a
 * run one end.
 */
export type LifecycleEventType =
  | "pipeline.started"
  | "pipeline.completed"
  | "pipeline.failed"
  | "pipeline.cancelled"
  | "stage.started"
  | "stage.completed"
  | "stage.skipped"
  | "stage.failed"
  | "stage.cancelled";

/** Fields every event carries. */
export interface EventEnvelope<TType extends string, TData> {
  /** Dotted event type (`"stage.completed"`). */
  readonly type: TType;
  /** `clock.now()` when emitted. */
  readonly timestamp: number;
  /** The run's `pipelineRunId`. */
  readonly runId: string;
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The stage concerned, for stage-level events. */
  readonly stage?: string;
  /** The attempt concerned, when there is one. */
  readonly attempt?: number;
  /** Type-specific payload. */
  readonly data: TData;
}

/** The discriminated union of every built-in event; narrow on `type`. */
export type StageflowEvent = {
  [K in StageflowEventType]: EventEnvelope<K, StageflowEventMap[K]>;
}[StageflowEventType];

/** An event of any type, built-in or custom (as emitted with `ctx.emit("my.event", …)`). */
export type AnyStageflowEvent = StageflowEvent | EventEnvelope<string, unknown>;

/** The event of one type. */
export type EventOf<TType extends StageflowEventType> = Extract<StageflowEvent, { type: TType }>;

/**
 * Narrows an event to one of the given types, typing its `data`. Comparing `event.type` alone does not
 * narrow an {@link AnyStageflowEvent} (what sinks receive), because a custom event may carry any type
 * name; this guard does.
 * @param event - the event a sink received
 * @param types - one or more built-in (or augmented) event types
 * @returns whether the event is of one of those types
 * @example
 * ```ts
 * const sink = new CallbackEventSink((event) => {
 *   if (isEventType(event, "stage.failed")) alert(event.stage, event.data.error.message);
 * });
 * ```
 */
export function isEventType<TType extends StageflowEventType>(
  event: AnyStageflowEvent,
  ...types: readonly TType[]
): event is EventOf<TType> {
  return types.includes(event.type as TType);
}

/**
 * Turns anything thrown into JSON for an event.
 * @param error - the error or value
 * @returns `{ name, message, code? }`
 */
export function serializeError(error: unknown): SerializedError {
  if (isError(error)) {
    // Read once each, and never throw: an error's getters may.
    const name = nameOf(error);
    const message = messageOf(error);
    const code = readSafely(error, "code");
    return typeof code === "string" ? { name, message, code } : { name, message };
  }
  return { name: "NonError", message: toText(error) };
}
