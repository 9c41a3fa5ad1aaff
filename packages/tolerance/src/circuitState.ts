/**
 * @module Circuit states and the serialisable shape of a breaker's state.
 */

/** The states of a circuit. */
export const CircuitState = {
  /** Calls pass; failures are counted. */
  CLOSED: "closed",
  /** Calls are refused with a `CircuitOpenError` until `halfOpenAfterMs` has passed. */
  OPEN: "open",
  /** A limited number of probe calls pass; their outcome closes or re-opens the circuit. */
  HALF_OPEN: "half_open",
} as const;

/** One of the {@link CircuitState} values: `"closed" | "open" | "half_open"`. */
export type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];

/** The persisted state of one circuit. */
export interface CircuitSnapshotJSON {
  /** Its state. */
  readonly state: CircuitState;
  /** Failures in a row (consecutive breaker). */
  readonly consecutiveFailures: number;
  /** Recent outcomes, oldest first, `1` for a failure and `0` for a success (sliding-window breaker). */
  readonly window: readonly number[];
  /** When it last opened, on the clock of the run that opened it; `null` when it never did. */
  readonly openedAt: number | null;
  /** Successful probes since it became half-open. */
  readonly probeSuccesses: number;
}

/**
 * The serialisable state of a `CircuitBreaker`: `breaker.toJSON()` produces it and the
 * `initialState` option (or `CircuitBreaker.fromJSON`) restores it. Probes in flight are not kept.
 */
export interface CircuitBreakerJSON {
  /** Format version. */
  readonly version: 1;
  /** Each circuit's state by key. */
  readonly circuits: Readonly<Record<string, CircuitSnapshotJSON>>;
}

/** A change of a circuit's state. */
export interface CircuitTransition {
  /** The circuit's key. */
  readonly key: string;
  /** The state it left. */
  readonly from: CircuitState;
  /** The state it entered. */
  readonly to: CircuitState;
  /** Failures counted at the change (in a row, or in the window). */
  readonly failures: number;
}
