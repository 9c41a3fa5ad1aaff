/**
 * @module `computeRetryDelay`: the pure backoff-and-jitter formula the retry interceptor uses.
 */
import { assertKnownOptions, type RandomSource } from "@stageflow/core";
import { BACKOFF_VALUES, BackoffStrategy } from "./backoffStrategy.js";
import { checkCount, checkFunction, checkMs, checkOneOf } from "./internal/validate.js";
import { JITTER_VALUES, JitterStrategy } from "./jitterStrategy.js";

/** Inputs of {@link computeRetryDelay}. */
export interface RetryDelayInput {
  /** The number of the attempt that just failed, 1-based (1 → `baseDelayMs` before jitter). */
  readonly attempt: number;
  /** The first wait, in milliseconds. */
  readonly baseDelayMs: number;
  /** The longest wait, in milliseconds; applied before jitter (and inside `DECORRELATED`). */
  readonly maxDelayMs: number;
  /** How the wait grows with `attempt` (ignored by `DECORRELATED` jitter, which grows from the previous wait). */
  readonly backoff: BackoffStrategy;
  /** How the capped wait is randomised. */
  readonly jitter: JitterStrategy;
  /**
   * The previous wait this function returned for the same stage in the same run; only
   * `DECORRELATED` reads it.
   * @defaultValue `baseDelayMs`
   */
  readonly previousDelayMs?: number | undefined;
  /**
   * Uniform source in [0, 1); inject one for deterministic results.
   * @defaultValue `Math.random`
   */
  readonly random?: RandomSource | undefined;
}

const KEYS = [
  "attempt",
  "baseDelayMs",
  "maxDelayMs",
  "backoff",
  "jitter",
  "previousDelayMs",
  "random",
] as const;
const WHERE = "computeRetryDelay";

/** The un-jittered wait after attempt `n`. */
function backoffDelay(backoff: BackoffStrategy, base: number, n: number): number {
  if (base === 0) return 0;
  if (backoff === BackoffStrategy.EXPONENTIAL) return base * 2 ** (n - 1);
  if (backoff === BackoffStrategy.LINEAR) return base * n;
  return base;
}

/** Reads `random()` and keeps it inside [0, 1) so a faulty source cannot produce a negative or huge wait. */
function draw(random: RandomSource): number {
  const r = random();
  return r >= 0 && r < 1 ? r : r >= 1 ? 1 - Number.EPSILON : 0;
}

/**
 * Computes how long to wait before the next attempt, in milliseconds. Pure apart from `random`:
 * with `JitterStrategy.NONE` (or an injected `random`) the same input always gives the same delay.
 *
 * The backoff gives `d = min(maxDelayMs, base · 2^(n−1) | base · n | base)` (the cap applies
 * before jitter), then `NONE` → `d`, `FULL` → uniform [0, d], `EQUAL` → uniform [d/2, d], and
 * `DECORRELATED` → `min(maxDelayMs, uniform[base, previousDelayMs · 3])`.
 * @param input - the failed attempt's number, the delays, the strategies, and optionally the
 *   previous delay and a random source
 * @returns the wait in milliseconds, between 0 and `maxDelayMs`
 * @throws `InvalidOptionsError` for an unknown key, a negative delay, an `attempt` that is not an
 *   integer ≥ 1, or an unknown strategy (naming the closest one)
 * @example
 * ```ts
 * computeRetryDelay({ attempt: 3, baseDelayMs: 1000, maxDelayMs: 30_000, backoff: "exponential", jitter: "none" }); // 4000
 * ```
 */
export function computeRetryDelay(input: RetryDelayInput): number {
  assertKnownOptions(WHERE, input, KEYS);
  const n = checkCount(WHERE, "attempt", input?.attempt);
  const base = checkMs(WHERE, "baseDelayMs", input.baseDelayMs);
  const max = checkMs(WHERE, "maxDelayMs", input.maxDelayMs);
  const backoff = checkOneOf<BackoffStrategy>(WHERE, "backoff", input.backoff, BACKOFF_VALUES);
  const jitter = checkOneOf<JitterStrategy>(WHERE, "jitter", input.jitter, JITTER_VALUES);
  const previous =
    input.previousDelayMs === undefined ? base : checkMs(WHERE, "previousDelayMs", input.previousDelayMs);
  checkFunction(WHERE, "random", input.random);
  const random = input.random ?? Math.random;

  if (jitter === JitterStrategy.DECORRELATED) {
    const high = Math.max(base, previous * 3);
    return Math.min(max, base + draw(random) * (high - base));
  }
  const d = Math.min(max, backoffDelay(backoff, base, n));
  if (jitter === JitterStrategy.FULL) return draw(random) * d;
  if (jitter === JitterStrategy.EQUAL) return d / 2 + (draw(random) * d) / 2;
  return d;
}
