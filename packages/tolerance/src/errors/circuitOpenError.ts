/**
 * @module Error recorded when a circuit breaker refuses a call because its circuit is open.
 */
import { StageflowError } from "@stageflow/core";

/**
 * The error of a stage refused by an open (or saturated half-open) circuit. The stage did not run:
 * its output is a `fail` carrying this error, never a fake success.
 * @example
 * ```ts
 * if (result.stages.search?.error instanceof CircuitOpenError) showCachedResults();
 * ```
 */
export class CircuitOpenError extends StageflowError {
  /** The circuit's key (the stage name unless a key function was given). */
  readonly key: string;
  /** The stage that was refused. */
  readonly stage: string;
  /** Milliseconds until the circuit lets a probe through (0 when it is half-open and busy probing). */
  readonly retryAfterMs: number;

  /**
   * @param key - the circuit's key
   * @param stage - the stage that was refused
   * @param retryAfterMs - time until a probe is allowed
   */
  constructor(key: string, stage: string, retryAfterMs: number) {
    const when =
      retryAfterMs > 0 ? `a probe is allowed in ${retryAfterMs} ms` : "a probe is already in flight";
    super(
      "CIRCUIT_OPEN",
      `Stage "${stage}" was not run: circuit "${key}" is open after repeated failures (${when}). ` +
        `Fix the failing dependency, or lower halfOpenAfterMs to probe sooner.`,
    );
    this.name = "CircuitOpenError";
    this.key = key;
    this.stage = stage;
    this.retryAfterMs = retryAfterMs;
  }
}
