/**
 * @module `StageOutput`: what a stage returns, with constructors for each status.
 */
import { isError, toText } from "./internal/inspect.js";
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

/** Fields every output has, whatever its status. */
export interface StageOutputFields {
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

/** An `ok` output: `data` is the stage's result. */
export interface OkStageOutput<TData = unknown> extends StageOutputFields {
  /** Always `"ok"`. */
  readonly status: "ok";
  /** The stage's result. */
  readonly data: TData;
}

/** A `skip`, `cancel`, `fail` or `retry` output: `data` is partial data, when the stage gave any. */
export interface NotOkStageOutput<TData = unknown> extends StageOutputFields {
  /** The outcome. */
  readonly status: "skip" | "cancel" | "fail" | "retry";
  /** Partial data, or `undefined` when the stage gave none. */
  readonly data: TData | undefined;
}

/**
 * What a stage returns: a status, its data, and optional artifacts, events, error and duration.
 * Check `status` before reading `data`: only an `ok` output's data is sure to be there.
 * @example
 * ```ts
 * const docs = ctx.inputs.get(retrieve);
 * if (docs?.status === "ok") use(docs.data.docs); // typed, and present
 * ```
 */
export type StageOutput<TData = unknown> = OkStageOutput<TData> | NotOkStageOutput<TData>;

/** Extra fields accepted by the {@link StageOutput} constructors. */
export interface StageOutputExtras {
  /** Artifacts for the caller. */
  readonly artifacts?: readonly StageArtifact[] | undefined;
  /** Stage-local events. */
  readonly events?: readonly StageOutputEvent[] | undefined;
  /** Duration the stage measured itself. */
  readonly durationMs?: number | undefined;
}

/** The optional parts of an output, as {@link makeOutput} takes them. @internal */
export interface OutputParts extends StageOutputExtras {
  readonly error?: Error | undefined;
  readonly reason?: string | undefined;
}

/**
 * The object behind every output. The brand lives on the prototype, so it is not an own property
 * (spreading an output does not copy it) and building an output is a plain constructor call, which
 * is several times cheaper than defining the brand on each object.
 */
class FrozenOutput<T> implements StageOutputFields {
  declare readonly status: StageStatus;
  declare readonly data: T;
  declare readonly artifacts: readonly StageArtifact[];
  declare readonly events: readonly StageOutputEvent[];
  declare readonly error?: Error;
  declare readonly reason?: string;
  declare readonly durationMs?: number;

  constructor(status: StageStatus, data: T, parts: OutputParts | undefined) {
    const out = this as { -readonly [K in keyof FrozenOutput<T>]: FrozenOutput<T>[K] };
    out.status = status;
    out.data = data;
    out.artifacts = parts?.artifacts ?? EMPTY;
    out.events = parts?.events ?? EMPTY;
    if (parts?.error !== undefined) out.error = parts.error;
    if (parts?.reason !== undefined) out.reason = parts.reason;
    if (parts?.durationMs !== undefined) out.durationMs = parts.durationMs;
    Object.freeze(this);
  }
}
Object.defineProperty(FrozenOutput.prototype, OUTPUT_BRAND, { value: true });

/** Builds a frozen, branded output. @internal */
export function makeOutput<T>(status: StageStatus, data: T, parts?: OutputParts): StageOutput<T> {
  return new FrozenOutput(status, data, parts);
}

function asError(error: unknown): Error {
  return isError(error) ? error : new Error(toText(error));
}

/** Constructors for {@link StageOutput}; every output is frozen. */
export const StageOutput = {
  /**
   * A successful output.
   * @param data - the stage's result
   * @param extras - artifacts, events, duration
   * @example `return StageOutput.ok({ answer })`
   */
  ok<T = undefined>(data?: T, extras?: StageOutputExtras): OkStageOutput<T> {
    return makeOutput(StageStatus.OK, data as T, extras) as OkStageOutput<T>;
  },
  /**
   * The stage decided not to do its work; dependents still run and can read this output.
   * @param reason - why it skipped
   * @param data - optional partial data
   */
  skip<T = never>(reason?: string, data?: T, extras?: StageOutputExtras): NotOkStageOutput<T> {
    return makeOutput(StageStatus.SKIP, data as T, {
      ...extras,
      reason: reason ?? "skipped by stage",
    }) as NotOkStageOutput<T>;
  },
  /**
   * Cancels the whole run (e.g. a guard rejected the input); the run resolves as `cancelled`.
   * @param reason - why the run is cancelled
   * @param data - optional data (e.g. a refusal message)
   */
  cancel<T = never>(reason?: string, data?: T, extras?: StageOutputExtras): NotOkStageOutput<T> {
    return makeOutput(StageStatus.CANCEL, data as T, {
      ...extras,
      reason: reason ?? "cancelled by stage",
    }) as NotOkStageOutput<T>;
  },
  /**
   * A failed output; under fail-fast it aborts the run.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  fail<T = never>(error: unknown, data?: T, extras?: StageOutputExtras): NotOkStageOutput<T> {
    return makeOutput(StageStatus.FAIL, data as T, {
      ...extras,
      error: asError(error),
    }) as NotOkStageOutput<T>;
  },
  /**
   * This attempt failed and should be retried; without a retry interceptor it counts as a failure.
   * @param error - an Error or a message
   * @param data - optional partial data
   */
  retry<T = never>(error: unknown, data?: T, extras?: StageOutputExtras): NotOkStageOutput<T> {
    return makeOutput(StageStatus.RETRY, data as T, {
      ...extras,
      error: asError(error),
    }) as NotOkStageOutput<T>;
  },
} as const;

/**
 * Tells whether a value was made by a {@link StageOutput} constructor (any installed copy).
 * @param value - the value to test
 * @returns `true` for outputs made by `StageOutput.ok` and friends
 */
export function isStageOutput(value: unknown): value is StageOutput {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[OUTPUT_BRAND] === true
  );
}
