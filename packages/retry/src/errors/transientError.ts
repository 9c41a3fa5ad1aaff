/**
 * @module `TransientError`: a failure worth trying again.
 */
import { assertKnownOptions, StageflowError } from "@stageflow/core";

/** Options of {@link TransientError} and the retryable errors built on the same shape. */
export interface RetryableErrorOptions {
  /** The underlying error (an HTTP response error, a socket error, …). */
  readonly cause?: unknown;
  /** How long the service asked callers to wait, in milliseconds (honoured when `respectRetryAfter` is on). */
  readonly retryAfterMs?: number | undefined;
}

const KEYS = ["cause", "retryAfterMs"] as const;

/** Validates options shared by the retryable errors and returns the `retryAfterMs` to store. @internal */
export function checkRetryableOptions(
  where: string,
  options: RetryableErrorOptions | undefined,
): number | undefined {
  assertKnownOptions(where, options, KEYS);
  const ms = options?.retryAfterMs;
  if (ms === undefined) return undefined;
  return typeof ms === "number" && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Thrown by a stage for a failure that may succeed on another attempt (a dropped connection, a
 * momentary overload). `RetryInterceptor` retries it by default.
 * @example
 * ```ts
 * if (response.status >= 500) throw new TransientError(`search returned ${response.status}`, { cause: response });
 * ```
 */
export class TransientError extends StageflowError {
  /** How long the service asked callers to wait, when it said; otherwise `undefined`. */
  readonly retryAfterMs: number | undefined;

  /**
   * @param message - what failed and where
   * @param options - the underlying `cause` and an optional `retryAfterMs`
   * @throws `InvalidOptionsError` for an unknown option
   */
  constructor(message: string, options?: RetryableErrorOptions) {
    super("TRANSIENT", message, { cause: options?.cause });
    this.name = "TransientError";
    this.retryAfterMs = checkRetryableOptions("TransientError", options);
  }
}
