/**
 * @module `JitterStrategy`: how the wait is randomised so clients do not retry in lockstep.
 */

/**
 * How the capped wait `d` is randomised (with `random()` uniform in [0, 1)).
 * - `NONE`: exactly `d`
 * - `FULL`: uniform in [0, d]: spreads clients the most (the default)
 * - `EQUAL`: uniform in [d/2, d]: never retries much sooner than the backoff says
 * - `DECORRELATED`: `min(maxDelayMs, uniform[baseDelayMs, previous · 3])`: grows from the previous
 *   wait instead of the attempt number, so the backoff strategy does not apply
 */
export const JitterStrategy = {
  /** No randomness. */
  NONE: "none",
  /** Uniform in [0, d]. */
  FULL: "full",
  /** Uniform in [d/2, d]. */
  EQUAL: "equal",
  /** `min(maxDelayMs, uniform[baseDelayMs, previous · 3])`. */
  DECORRELATED: "decorrelated",
} as const;

/** One of the {@link JitterStrategy} values: `"none" | "full" | "equal" | "decorrelated"`. */
export type JitterStrategy = (typeof JitterStrategy)[keyof typeof JitterStrategy];

/** Every jitter value, for validation. @internal */
export const JITTER_VALUES: readonly string[] = Object.values(JitterStrategy);
