/**
 * @module `BackoffStrategy`: how the wait grows from one retry to the next.
 */

/**
 * How the base wait grows with the number of the attempt that failed (`n`, 1-based), before the
 * `maxDelayMs` cap and jitter apply.
 * - `EXPONENTIAL`: `baseDelayMs · 2^(n−1)` (1 s, 2 s, 4 s, …)
 * - `LINEAR`: `baseDelayMs · n` (1 s, 2 s, 3 s, …)
 * - `CONSTANT`: `baseDelayMs` every time
 */
export const BackoffStrategy = {
  /** `baseDelayMs · 2^(n−1)`. */
  EXPONENTIAL: "exponential",
  /** `baseDelayMs · n`. */
  LINEAR: "linear",
  /** `baseDelayMs`. */
  CONSTANT: "constant",
} as const;

/** One of the {@link BackoffStrategy} values: `"exponential" | "linear" | "constant"`. */
export type BackoffStrategy = (typeof BackoffStrategy)[keyof typeof BackoffStrategy];

/** Every backoff value, for validation. @internal */
export const BACKOFF_VALUES: readonly string[] = Object.values(BackoffStrategy);
