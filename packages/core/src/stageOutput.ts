/**
 * @module `StageOutput`: what a stage returns, with constructors for each status.
 */
import { StageStatus } from "./stageKind.js";

const OUTPUT_BRAND = Symbol.for("stageflow.output");
const EMPTY: readonly never[] = Object.freeze([]);

/** An artifact a stage produced for the caller (a file, a chart, a citation list). */
export interface StageArtifact {
  /** What kind of artifact this is (`"citation"`, `"image"`, …). */
  readonly type: string;
  /** Its content. */
  readonly payload: unknown;
}

/** A stage-local event carried on an output (distinct from the events a sink receives). */
export interface StageOutputEvent {
  /** Event type. */
  readonly type: string;
  /** Event payload. */
  readonly data?: unknown;
}

/** What a stage returns: a status, its data, and optional artifacts, events, error and duration. */
export interface StageOutput<TData = unknown> {
  /** The outcome. */
  readonly status: StageStatus;
  /** The stage's result (or partial result on skip/cancel/fail). */
  readonly data: TData;
  /** Artifacts for the caller. */
  readonly artifacts: readonly StageArtifact[];
  /** Stage-local events. */
  readonly events: readonly StageOutputEvent[];
  /** The error of a `fail` / `retry` / `cancel` output. */
  readonly error?: Error;
  /** Why the stage skipped or cancelled. */
  readonly reason?: string;
  /** How long the stage took, when it reports it itself. */
  readonly durationMs?: number;
}

/** Extra fields accepted by the {@link StageOutput} constructors. */
export interface StageOutputExtras {
  /** Artifacts for the caller. */
  readonly artifacts?: readonly StageArtifact[];
  /** Stage-local events. */
  readonly events?: readonly StageOutputEvent[];
  /** Duration the stage measured itself. */
  readonly durationMs?: number;
}

/** Builds a frozen, branded output. @internal */
export function makeOutput<T>(status: StageStatus, data: T, error?: Error, reason?: string, extras?: StageOutputExtras): StageOutput<T> {
  const out: { -readonly [K in keyof StageOutput<T>]: StageOutput<T>[K] } = {
    status,
    data,
    artifacts: extras?.artifacts ?? EMPTY,
    events: extras?.events ?? EMPTY,
  };
  if (error !== undefined) out.error = error;
  if (reason !== undefined) out.reason = reason;
  if (extras?.durationMs !== undefined) out.durationMs = extras.durationMs;
  Object.defineProperty(out, OUTPUT_BRAND, { value: true });
  return Object.freeze(out);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(typeof error === "string" ? error : String(error));
}

/** Constructors for {@link StageOutput}; every output is frozen. */
export const StageOutput = {
  /**
   * A successful output.
   * @param data - the stage's result
   * @param extras - artifacts, events, duration
   * @example `return StageOutput.ok({ answer })`
   */
  ok<T = undefined>(data?: T, extras?: StageOutputExtras): StageOutput<T> {
    return makeOutput(StageStatus.OK, data as T, undefined, undefined, extras);
  },
  /**
   * The stage decided not to do its work; dependents still run and can read this output.
   * @param reason - why it skipped
   * @param data - optional partial data
   */
  skip<T = undefined>(reason?: string, data?: T, extras?: StageOutputExtras): StageOutput<T> {
    return makeOutput(StageStatus.SKIP, data as T, undefined, reason ?? "skipped by stage", extras);
  },
  /**
   * Cancels the whole run (e.g. a guard rejected the input); the run resolves as `cancelled`.
   * @param reason - why the run is cancelled
   * @param data - optional data (e.g. a refusal message)
   */
  cancel<T = undefined>(reason?: string, data?: T, extras?: StageOutputExtras): StageOutput<T> {
    return makeOutput(StageStatus.CANCEL, data as T, undefined, reason ?? "cancelled by stage", extras);
  },
  /**
   * A failed output; under fail-fast it aborts the run.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  fail<T = undefined>(error: unknown, data?: T, extras?: StageOutputExtras): StageOutput<T> {
    return makeOutput(StageStatus.FAIL, data as T, asError(error), undefined, extras);
  },
  /**
   * This attempt failed and should be retried; without a retry interceptor it counts as a failure.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  retry<T = undefined>(error: unknown, data?: T, extras?: StageOutputExtras): StageOutput<T> {
    return makeOutput(StageStatus.RETRY, data as T, asError(error), undefined, extras);
  },
} as const;

/**
 * Tells whether a value was made by a {@link StageOutput} constructor (any installed copy).
 * @param value - the value to test
 * @returns `true` for outputs made by `StageOutput.ok` and friends
 */
export function isStageOutput(value: unknown): value is StageOutput {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[OUTPUT_BRAND] === true;
}
