/**
 * @module Error recorded when a circuit breaker refuses a call, or when a failure leaves its circuit open.
 */
import { StageflowError } from "@stageflow/core";

/** Options of {@link CircuitOpenError}. */
export interface CircuitOpenErrorOptions {
  /**
   * The failure behind the open circuit: on a refusal, the error of the failure that opened it (when
   * the breaker was told it); when the stage ran, its own error.
   */
  readonly cause?: unknown;
  /**
   * True when the stage did run and its own failure (the `cause`) left the circuit open.
   * @defaultValue false
   */
  readonly ran?: boolean | undefined;
}

/** `Name: message` of an error (or the value), short enough for a message. */
function describe(value: unknown): string {
  const text = value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * The error of a stage whose circuit is open. Either the circuit refused the call (`ran` is false:
 * the stage did not run, and its output is a `fail` carrying this error, never a fake success), or
 * the stage ran and its failure left the circuit open (`ran` is true, and `cause` is the stage's
 * own error). Its code is not retried by `@stageflow/retry`'s default policy, so a retry around the
 * breaker stops at once instead of waiting for a call the circuit would refuse.
 * @example
 * ```ts
 * const error = result.stages.search?.error;
 * if (error instanceof CircuitOpenError) {
 *   showCachedResults();
 *   log.warn(error.message, { cause: error.cause }); // the failure behind the open circuit
 * }
 * ```
 */
export class CircuitOpenError extends StageflowError {
  /** The circuit's key (the stage name unless a key function was given). */
  readonly key: string;
  /** The stage that was refused, or whose failure left the circuit open. */
  readonly stage: string;
  /** Milliseconds until the circuit lets a probe through (0 when it is half-open and busy probing). */
  readonly retryAfterMs: number;
  /** True when the stage ran and its own failure (the `cause`) left the circuit open. */
  readonly ran: boolean;

  /**
   * @param key - the circuit's key
   * @param stage - the stage that was refused, or that ran and failed
   * @param retryAfterMs - time until a probe is allowed
   * @param options - the failure behind the open circuit, and whether the stage ran
   */
  constructor(key: string, stage: string, retryAfterMs: number, options: CircuitOpenErrorOptions = {}) {
    const { cause, ran = false } = options;
    const when =
      retryAfterMs > 0 ? `a probe is allowed in ${retryAfterMs} ms` : "a probe is already in flight";
    const refusedFor = retryAfterMs > 0 ? `for the next ${retryAfterMs} ms` : "while a probe is in flight";
    const message = ran
      ? `Stage "${stage}" failed (${describe(cause)}) and circuit "${key}" is open: calls are refused ` +
        `${refusedFor}. The stage's error is the cause.`
      : `Stage "${stage}" was not run: circuit "${key}" is open after repeated failures (${when}` +
        `${cause === undefined ? "" : `; it opened on ${describe(cause)}`}). ` +
        `Fix the failing dependency, or lower halfOpenAfterMs to probe sooner.`;
    super("CIRCUIT_OPEN", message, { cause });
    this.name = "CircuitOpenError";
    this.key = key;
    this.stage = stage;
    this.retryAfterMs = retryAfterMs;
    this.ran = ran;
  }
}
