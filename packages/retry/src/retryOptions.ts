/**
 * @module Options of `RetryInterceptor`, and the resolved policy it applies to each stage.
 */
import type { RandomSource, StageOutput } from "@stageflow/core";
import type { BackoffStrategy } from "./backoffStrategy.js";
import type { JitterStrategy } from "./jitterStrategy.js";

/**
 * Decides whether an attempt's outcome is retried. It receives the error of a `fail` / `retry`
 * output, or the output itself when the attempt succeeded (so a stage can be retried on a bad
 * result, e.g. an empty completion), and the attempt's number (1-based).
 *
 * Return `true` to retry, `false` to stop (even for errors retried by default), or `undefined` to
 * keep the default decision. `NonRetryableError`, aborts, `cancel` outputs, `InvalidStageOutputError`
 * and `OptionCallbackError` are never retried, whatever it returns.
 */
export type RetryPredicate = (failure: Error | StageOutput, attempt: number) => boolean | undefined;

/** The retry policy knobs; every field is optional and per-stage overrides use the same shape. */
export interface RetryPolicyOptions {
  /**
   * Attempts in all, counting the first call (3 → one call and up to two retries). `Infinity` is
   * allowed together with `maxElapsedMs`.
   * @defaultValue 3
   */
  readonly maxAttempts?: number | undefined;
  /**
   * The wait after the first failed attempt, before jitter.
   * @defaultValue 1000
   */
  readonly baseDelayMs?: number | undefined;
  /**
   * The longest computed wait; applied before jitter.
   * @defaultValue 30000
   */
  readonly maxDelayMs?: number | undefined;
  /**
   * How the wait grows with each failed attempt.
   * @defaultValue `BackoffStrategy.EXPONENTIAL`
   */
  readonly backoff?: BackoffStrategy | undefined;
  /**
   * How the wait is randomised.
   * @defaultValue `JitterStrategy.FULL`
   */
  readonly jitter?: JitterStrategy | undefined;
  /**
   * Extra say over which outcomes are retried; see {@link RetryPredicate}. If it throws, the stage
   * is not retried and fails with an `OptionCallbackError` naming `retryOn`, whose `cause` is the
   * attempt's own error.
   */
  readonly retryOn?: RetryPredicate | undefined;
  /**
   * Waits as long as a failure asks (`RateLimitError.retryAfterMs`, a `retryAfterMs` field, or a
   * `Retry-After` / `retry-after-ms` header on the error or its `cause`) instead of the computed backoff.
   * @defaultValue true
   */
  readonly respectRetryAfter?: boolean | undefined;
  /**
   * The longest server-requested wait honoured; longer requests wait this long (the event then says
   * `capped: true`). Set it above `maxDelayMs` (or to `Infinity`) to let `Retry-After` wait longer than
   * any computed backoff; the event then says `capped: false` with a `delayMs` above `maxDelayMs`.
   * @defaultValue the policy's `maxDelayMs`
   */
  readonly maxRetryAfterMs?: number | undefined;
  /**
   * Overall deadline on the run's clock, from the start of the first attempt: no retry is scheduled
   * whose attempt would start at or after it (the stage then fails with `RetryExhaustedError`,
   * reason `"maxElapsedMs"`). It does not interrupt a running attempt; put a `TimeoutInterceptor`
   * outside the retry for that.
   * @defaultValue Infinity
   */
  readonly maxElapsedMs?: number | undefined;
  /**
   * Random source for jitter.
   * @defaultValue the run's `random` (`RunOptions.random`, else `Math.random`)
   */
  readonly random?: RandomSource | undefined;
}

/** Options of the `RetryInterceptor` constructor. */
export interface RetryInterceptorOptions extends RetryPolicyOptions {
  /**
   * Per-stage overrides, by stage name, merged over the options above; `false` turns retrying off
   * for that stage. A name that is not a stage of a graph the retry is attached to but is close to one
   * (a misspelling) refuses the graph (`build()` throws) or the run (`graph.run` rejects), naming that
   * stage; a name no stage is close to is accepted, so one retry can serve several pipelines.
   * @example `{ stages: { llm: { maxAttempts: 5, baseDelayMs: 2000 }, charge: false } }`
   */
  readonly stages?: Readonly<Record<string, RetryPolicyOptions | false>> | undefined;
  /**
   * Position in the interceptor onion (lower is outer). The default sits outside core's
   * `TimeoutInterceptor` (300), so a timeout bounds each attempt.
   * @defaultValue 200
   */
  readonly priority?: number | undefined;
}

/** The policy a `RetryInterceptor` applies to one stage, with every default filled in. */
export interface RetryPolicy {
  /** Attempts in all, counting the first call. */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt, before jitter. */
  readonly baseDelayMs: number;
  /** The longest computed wait. */
  readonly maxDelayMs: number;
  /** How the wait grows. */
  readonly backoff: BackoffStrategy;
  /** How the wait is randomised. */
  readonly jitter: JitterStrategy;
  /** The predicate, if any. */
  readonly retryOn: RetryPredicate | undefined;
  /** Whether server-requested waits replace the computed backoff. */
  readonly respectRetryAfter: boolean;
  /** The longest server-requested wait honoured. */
  readonly maxRetryAfterMs: number;
  /** Overall deadline across attempts (`Infinity` for none). */
  readonly maxElapsedMs: number;
  /** The jitter source, when one was given (otherwise the run's). */
  readonly random: RandomSource | undefined;
}
