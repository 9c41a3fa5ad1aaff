/**
 * @module Options of a `CircuitBreaker` and the types its calls take and return.
 */
import type { CircuitBreakerJSON, CircuitState, CircuitTransition } from "./circuitState.js";

/** A breaker that trips on the failure rate of the last `size` calls. */
export interface SlidingWindowOptions {
  /** Calls remembered. */
  readonly size: number;
  /** Failure rate (0–1] at or above which the circuit opens. */
  readonly failureRateThreshold: number;
  /**
   * Calls needed in the window before the rate is judged.
   * @defaultValue size
   */
  readonly minimumCalls?: number | undefined;
}

/** Options of `CircuitBreaker`. */
export interface CircuitBreakerOptions {
  /**
   * Failures in a row that open the circuit (the consecutive breaker; used unless `slidingWindow` is given).
   * @defaultValue 5
   */
  readonly failureThreshold?: number | undefined;
  /** Use a sliding-window breaker instead of the consecutive one. */
  readonly slidingWindow?: SlidingWindowOptions | undefined;
  /**
   * How long an open circuit refuses calls before letting probes through, on the run's clock.
   * @defaultValue 30000
   */
  readonly halfOpenAfterMs?: number | undefined;
  /**
   * Probes allowed in flight at once while half-open; other calls are refused.
   * @defaultValue 1
   */
  readonly halfOpenMaxProbes?: number | undefined;
  /**
   * Successful probes needed to close the circuit; one failed probe re-opens it.
   * @defaultValue 1
   */
  readonly successThreshold?: number | undefined;
  /** State to start from, as produced by `toJSON()`. */
  readonly initialState?: CircuitBreakerJSON | undefined;
}

/** Per-call arguments: the time, and where to report state changes. */
export interface CircuitCallOptions {
  /** Now, on the caller's clock. */
  readonly now: number;
  /** Called synchronously for each state change the call causes. */
  readonly onTransition?: ((transition: CircuitTransition) => void) | undefined;
}

/** What `CircuitBreaker.recordFailure` is told about a failed call. */
export interface CircuitFailureOptions extends CircuitCallOptions {
  /** Whether the call was a probe (as `tryAcquire` said). */
  readonly probe: boolean;
  /**
   * The call's error. When this failure opens the circuit, refusals carry it as `cause` until the
   * circuit closes (it is not kept by `toJSON()`).
   */
  readonly error?: unknown;
}

/** The answer of `CircuitBreaker.tryAcquire`. */
export type CircuitPermit =
  | { readonly allowed: true; readonly probe: boolean }
  | {
      readonly allowed: false;
      readonly state: CircuitState;
      readonly retryAfterMs: number;
      /** The error of the failure that last opened the circuit, when `recordFailure` was given it. */
      readonly cause: unknown;
    };
