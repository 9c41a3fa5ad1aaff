/**
 * @module `ServiceUnavailableError`: a dependency is down or overloaded for now.
 */
import { StageflowError } from "@stageflow/core";
import { checkRetryableOptions, type RetryableErrorOptions } from "./transientError.js";

/**
 * Thrown by a stage when a service it depends on is temporarily unavailable (HTTP 502/503/504, a
 * maintenance window). Retried by default; an optional `retryAfterMs` is honoured like a rate limit's.
 * @example
 * ```ts
 * if (res.status === 503) throw new ServiceUnavailableError("vector store is unavailable", { cause: res });
 * ```
 */
export class ServiceUnavailableError extends StageflowError {
  /** How long the service asked callers to wait, in milliseconds; `undefined` when it did not say. */
  readonly retryAfterMs: number | undefined;

  /**
   * @param message - which service is unavailable
   * @param options - the underlying `cause` and an optional `retryAfterMs`
   * @throws `InvalidOptionsError` for an unknown option
   */
  constructor(message: string, options?: RetryableErrorOptions) {
    super("SERVICE_UNAVAILABLE", message, { cause: options?.cause });
    this.name = "ServiceUnavailableError";
    this.retryAfterMs = checkRetryableOptions("ServiceUnavailableError", options);
  }
}
