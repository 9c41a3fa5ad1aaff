/**
 * @module Base error class for every error Stageflow throws or records.
 */

/** Brand shared by every Stageflow error; `Symbol.for` so it survives duplicate installs. */
const STAGEFLOW_ERROR = Symbol.for("stageflow.error");

/** Stable machine-readable codes of the errors this library raises. */
export type StageflowErrorCode =
  | "PIPELINE_VALIDATION"
  | "CYCLE_DETECTED"
  | "INVALID_SNAPSHOT"
  | "INVALID_STAGE_OUTPUT"
  | "UNDECLARED_DEPENDENCY"
  | "STAGE_TIMEOUT"
  | "PIPELINE_CANCELLED"
  | "PIPELINE_FAILED"
  | "INVALID_OPTIONS"
  | "NON_ERROR_THROWN"
  | "MISSING_CONTEXT_VALUE"
  | "INTERCEPTOR_CONTRACT"
  | "PLUGIN_ERROR"
  | "PLUGIN_ABORT"
  | "OPTION_CALLBACK_THREW"
  | (string & {});

/** Options accepted by {@link StageflowError}. */
export interface StageflowErrorOptions {
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error raised by Stageflow packages. Each error has a stable `code`, an explicit
 * `name` and an optional `cause`; use {@link isStageflowError} rather than `instanceof` to recognise one.
 */
export class StageflowError extends Error {
  /** Stable machine-readable code, e.g. `"CYCLE_DETECTED"`. */
  readonly code: StageflowErrorCode;
  /** @internal brand checked by {@link isStageflowError}. */
  readonly [STAGEFLOW_ERROR] = true;

  /**
   * @param code - stable machine-readable code
   * @param message - what went wrong, where, and how to fix it
   * @param options - optional `cause`
   */
  constructor(code: StageflowErrorCode, message: string, options?: StageflowErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StageflowError";
    this.code = code;
  }
}

/**
 * Marks any error object as a Stageflow error (used by error classes that cannot extend
 * {@link StageflowError}, such as the `AggregateError` subclass `PipelineFailedError`).
 * @internal
 */
export function brandStageflowError<T extends Error>(
  error: T,
  code: StageflowErrorCode,
): T & { code: StageflowErrorCode } {
  Object.defineProperty(error, STAGEFLOW_ERROR, { value: true, enumerable: false });
  Object.defineProperty(error, "code", { value: code, enumerable: true, writable: false });
  return error as T & { code: StageflowErrorCode };
}

/**
 * Tells whether a value is an error raised by any copy of a Stageflow package.
 * @param value - anything caught
 * @returns `true` when `value` carries the Stageflow brand
 * @example
 * ```ts
 * try { graph.run(snapshot) } catch (e) { if (isStageflowError(e)) console.log(e.code) }
 * ```
 */
export function isStageflowError(value: unknown): value is StageflowError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[STAGEFLOW_ERROR] === true
  );
}
