/**
 * @module `RetryExhaustedError`: every allowed attempt of a stage failed.
 */
import { StageflowError } from "@stageflow/core";

/** Why the retry interceptor stopped trying: the attempt budget or the overall deadline. */
export type RetryExhaustedReason = "maxAttempts" | "maxElapsedMs";

/** Fields of a {@link RetryExhaustedError}. */
export interface RetryExhaustedErrorInit {
  /** The stage that kept failing. */
  readonly stage: string;
  /** The error of every attempt, first to last (at least one). */
  readonly errors: readonly Error[];
  /** Which limit was reached. */
  readonly reason: RetryExhaustedReason;
  /** The limit's value (the `maxAttempts` or `maxElapsedMs` in force), for the message. */
  readonly limit: number;
}

/**
 * The error of a stage whose retryable failures used up its budget. `cause` is the last attempt's
 * error and `errors` lists every attempt's error in order, so nothing is lost.
 */
export class RetryExhaustedError extends StageflowError {
  /** The stage that kept failing. */
  readonly stage: string;
  /** How many attempts ran. */
  readonly attempts: number;
  /** Every attempt's error, first to last. */
  readonly errors: readonly Error[];
  /** Which limit was reached. */
  readonly reason: RetryExhaustedReason;

  /**
   * @param init - the stage, every attempt's error, and the limit that was reached
   */
  constructor(init: RetryExhaustedErrorInit) {
    const attempts = init.errors.length;
    const last = init.errors[attempts - 1];
    const limit =
      init.reason === "maxAttempts"
        ? `maxAttempts (${init.limit}) reached`
        : `the next attempt would start after maxElapsedMs (${init.limit} ms)`;
    super(
      "RETRY_EXHAUSTED",
      `Stage "${init.stage}" failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${limit}. ` +
        `Last error: ${last?.message ?? "unknown"}. Raise the retry budget, or fix the cause (see .errors).`,
      { cause: last },
    );
    this.name = "RetryExhaustedError";
    this.stage = init.stage;
    this.attempts = attempts;
    this.errors = Object.freeze([...init.errors]);
    this.reason = init.reason;
  }
}
