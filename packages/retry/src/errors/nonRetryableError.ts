/**
 * @module `NonRetryableError`: a failure that another attempt cannot fix.
 */
import { assertKnownOptions, StageflowError } from "@stageflow/core";

/** Options of {@link NonRetryableError}. */
export interface NonRetryableErrorOptions {
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * Thrown by a stage to say "do not try again" (bad credentials, a rejected prompt, invalid input).
 * `RetryInterceptor` never retries it, whatever `retryOn` says, and the stage fails with it at once.
 * @example
 * ```ts
 * if (res.status === 401) throw new NonRetryableError("the API key was rejected", { cause: res });
 * ```
 */
export class NonRetryableError extends StageflowError {
  /**
   * @param message - what failed and why retrying is pointless
   * @param options - the underlying `cause`
   * @throws `InvalidOptionsError` for an unknown option
   */
  constructor(message: string, options?: NonRetryableErrorOptions) {
    super("NON_RETRYABLE", message, { cause: options?.cause });
    this.name = "NonRetryableError";
    assertKnownOptions("NonRetryableError", options, ["cause"]);
  }
}
