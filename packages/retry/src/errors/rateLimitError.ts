/**
 * @module `RateLimitError`: the service said "too many requests", possibly with a wait.
 */
import { StageflowError } from "@stageflow/core";
import { checkRetryableOptions, type RetryableErrorOptions } from "./transientError.js";

/**
 * Thrown by a stage when a service rate-limits it (HTTP 429). Retried by default; its
 * `retryAfterMs` replaces the computed backoff when the interceptor's `respectRetryAfter` is on.
 * @example
 * ```ts
 * if (res.status === 429) {
 *   const seconds = Number(res.headers.get("retry-after") ?? "1");
 *   throw new RateLimitError("LLM provider rate-limited the request", { retryAfterMs: seconds * 1000, cause: res });
 * }
 * ```
 */
export class RateLimitError extends StageflowError {
  /** How long the service asked callers to wait, in milliseconds; `undefined` when it did not say. */
  readonly retryAfterMs: number | undefined;

  /**
   * @param message - what was rate-limited
   * @param options - `retryAfterMs` (ignored unless a finite number ≥ 0) and the underlying `cause`
   * @throws `InvalidOptionsError` for an unknown option
   */
  constructor(message: string, options?: RetryableErrorOptions) {
    super("RATE_LIMITED", message, { cause: options?.cause });
    this.name = "RateLimitError";
    this.retryAfterMs = checkRetryableOptions("RateLimitError", options);
  }
}
