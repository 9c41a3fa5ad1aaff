/**
 * @module `CircuitBreaker`: per-key circuits with consecutive or sliding-window tripping.
 */
import { CircuitState, type CircuitBreakerJSON, type CircuitSnapshotJSON } from "./circuitState.js";
import type {
  CircuitBreakerOptions,
  CircuitCallOptions,
  CircuitFailureOptions,
  CircuitPermit,
} from "./circuitBreakerOptions.js";
import {
  checkBreakerJSON,
  resolveCircuitOptions,
  type ResolvedCircuitOptions,
} from "./internal/circuitOptions.js";

interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  window: number[];
  openedAt: number | null;
  probeSuccesses: number;
  probesInFlight: number;
  openedBy?: unknown; // the error of the failure that last opened it (not persisted)
}

/**
 * Circuits keyed by string (usually a stage name). A circuit opens after `failureThreshold`
 * failures in a row, or, with `slidingWindow`, when the failure rate of the last calls reaches the
 * threshold; while open it refuses calls; after `halfOpenAfterMs` it lets `halfOpenMaxProbes`
 * probes through, closing after `successThreshold` successful probes and re-opening on a failed one.
 * Share one breaker across runs to share state; persist it with `toJSON()` and `initialState`.
 * Times come from the caller (`now`): share a breaker only among runs that use the same clock.
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ failureThreshold: 3, halfOpenAfterMs: 10_000 });
 * const interceptor = new CircuitBreakerInterceptor({ breaker });
 * await store.save("breaker", JSON.stringify(breaker)); // later: new CircuitBreaker({ initialState })
 * ```
 */
export class CircuitBreaker {
  readonly #options: ResolvedCircuitOptions;
  readonly #circuits = new Map<string, Circuit>();

  /**
   * @param options - tripping rule, timings and optional initial state
   * @throws `InvalidOptionsError` for an unknown key, an out-of-range value or invalid `initialState`
   */
  constructor(options: CircuitBreakerOptions = {}) {
    this.#options = resolveCircuitOptions(options);
    if (options.initialState !== undefined) {
      for (const [key, c] of Object.entries(checkBreakerJSON(options.initialState).circuits)) {
        const size = this.#options.window?.size;
        this.#circuits.set(key, {
          ...c,
          window: size === undefined ? [...c.window] : c.window.slice(-size),
          probesInFlight: 0,
        });
      }
    }
  }

  /**
   * Restores a breaker from `toJSON()` output.
   * @param json - the saved state
   * @param options - the breaker's options (without `initialState`)
   * @returns the breaker
   * @throws `InvalidOptionsError` for invalid state or options
   */
  static fromJSON(
    json: CircuitBreakerJSON,
    options: Omit<CircuitBreakerOptions, "initialState"> = {},
  ): CircuitBreaker {
    return new CircuitBreaker({ ...options, initialState: json });
  }

  /**
   * The stored state of a circuit (`closed` for a key never seen). An open circuit whose wait has
   * passed still reads `open` until the next call moves it to `half_open`.
   * @param key - the circuit's key
   */
  stateOf(key: string): CircuitState {
    return this.#circuits.get(key)?.state ?? CircuitState.CLOSED;
  }

  /**
   * Failures the circuit currently counts: in a row, or in its window.
   * @param key - the circuit's key
   */
  failuresOf(key: string): number {
    const c = this.#circuits.get(key);
    return c === undefined ? 0 : this.#failures(c);
  }

  /**
   * Milliseconds an open circuit still refuses calls before a probe (0 when not open or done waiting).
   * @param key - the circuit's key
   * @param now - now, on the caller's clock
   */
  retryAfterMs(key: string, now: number): number {
    const c = this.#circuits.get(key);
    if (c === undefined || c.state !== CircuitState.OPEN) return 0;
    return Math.max(0, (c.openedAt ?? now) + this.#options.halfOpenAfterMs - now);
  }

  /**
   * Asks whether a call may go through; moves an open circuit to half-open once its wait is over.
   * @param key - the circuit's key
   * @param call - now, and where to report state changes
   * @returns a permit (a probe while half-open), or a refusal with the time until a probe is allowed
   */
  tryAcquire(key: string, call: CircuitCallOptions): CircuitPermit {
    const c = this.#circuit(key);
    if (c.state === CircuitState.OPEN) {
      const wait = (c.openedAt ?? call.now) + this.#options.halfOpenAfterMs - call.now;
      if (wait > 0) return { allowed: false, state: c.state, retryAfterMs: wait, cause: c.openedBy };
      this.#move(key, c, CircuitState.HALF_OPEN, call);
    }
    if (c.state === CircuitState.HALF_OPEN) {
      if (c.probesInFlight >= this.#options.halfOpenMaxProbes)
        return { allowed: false, state: c.state, retryAfterMs: 0, cause: c.openedBy };
      c.probesInFlight++;
      return { allowed: true, probe: true };
    }
    return { allowed: true, probe: false };
  }

  /**
   * Records a successful call.
   * @param key - the circuit's key
   * @param call - now, whether the call was a probe, and where to report state changes
   */
  recordSuccess(key: string, call: CircuitCallOptions & { readonly probe: boolean }): void {
    const c = this.#circuit(key);
    if (call.probe) {
      c.probesInFlight = Math.max(0, c.probesInFlight - 1);
      if (c.state !== CircuitState.HALF_OPEN) return;
      c.probeSuccesses++;
      if (c.probeSuccesses >= this.#options.successThreshold) this.#move(key, c, CircuitState.CLOSED, call);
      return;
    }
    // Results of calls admitted before the circuit opened do not count once it has.
    if (c.state !== CircuitState.CLOSED) return;
    c.consecutiveFailures = 0;
    this.#remember(c, 0);
  }

  /**
   * Records a failed call; may open the circuit.
   * @param key - the circuit's key
   * @param call - now, whether the call was a probe, its error (the `cause` of refusals while the
   *   circuit it opens stays open), and where to report state changes
   */
  recordFailure(key: string, call: CircuitFailureOptions): void {
    const c = this.#circuit(key);
    if (call.probe) {
      c.probesInFlight = Math.max(0, c.probesInFlight - 1);
      if (c.state === CircuitState.HALF_OPEN) this.#move(key, c, CircuitState.OPEN, call);
      return;
    }
    if (c.state !== CircuitState.CLOSED) return;
    c.consecutiveFailures++;
    this.#remember(c, 1);
    if (this.#shouldTrip(c)) this.#move(key, c, CircuitState.OPEN, call);
  }

  /**
   * Ends a call that neither succeeded nor failed (e.g. the run was cancelled), freeing its probe slot.
   * @param key - the circuit's key
   * @param probe - whether the call was a probe
   */
  releaseProbe(key: string, probe: boolean): void {
    const c = this.#circuits.get(key);
    if (probe && c !== undefined) c.probesInFlight = Math.max(0, c.probesInFlight - 1);
  }

  /**
   * Closes circuits and forgets their counts.
   * @param key - one circuit, or every circuit when omitted
   */
  reset(key?: string): void {
    if (key === undefined) this.#circuits.clear();
    else this.#circuits.delete(key);
  }

  /** The state of every circuit, as plain JSON (probes in flight and opening errors are not kept). */
  toJSON(): CircuitBreakerJSON {
    const circuits: Record<string, CircuitSnapshotJSON> = {};
    for (const [key, c] of this.#circuits) {
      circuits[key] = {
        state: c.state,
        consecutiveFailures: c.consecutiveFailures,
        window: [...c.window],
        openedAt: c.openedAt,
        probeSuccesses: c.probeSuccesses,
      };
    }
    return { version: 1, circuits };
  }

  #circuit(key: string): Circuit {
    let c = this.#circuits.get(key);
    if (c === undefined) {
      c = {
        state: CircuitState.CLOSED,
        consecutiveFailures: 0,
        window: [],
        openedAt: null,
        probeSuccesses: 0,
        probesInFlight: 0,
      };
      this.#circuits.set(key, c);
    }
    return c;
  }

  #remember(c: Circuit, outcome: 0 | 1): void {
    const w = this.#options.window;
    if (w === undefined) return;
    c.window.push(outcome);
    if (c.window.length > w.size) c.window.shift();
  }

  #failures(c: Circuit): number {
    return this.#options.window === undefined
      ? c.consecutiveFailures
      : c.window.reduce((sum, x) => sum + x, 0);
  }

  #shouldTrip(c: Circuit): boolean {
    const w = this.#options.window;
    if (w === undefined) return c.consecutiveFailures >= this.#options.failureThreshold;
    return c.window.length >= w.minimumCalls && this.#failures(c) / c.window.length >= w.failureRateThreshold;
  }

  #move(key: string, c: Circuit, to: CircuitState, call: CircuitCallOptions & { error?: unknown }): void {
    const from = c.state;
    const failures = this.#failures(c);
    c.state = to;
    c.probeSuccesses = 0;
    if (to === CircuitState.OPEN) c.openedAt = call.now;
    // Opening keeps the failure's error for refusals; closing (a success, with no error) forgets it.
    if (to !== CircuitState.HALF_OPEN) c.openedBy = call.error;
    if (to === CircuitState.CLOSED) {
      c.consecutiveFailures = 0;
      c.window = [];
    }
    call.onTransition?.({ key, from, to, failures });
  }
}
