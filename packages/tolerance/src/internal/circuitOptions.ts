/**
 * @module Validation of circuit breaker options and of restored breaker state.
 * @internal
 */
import { assertKnownOptions, InvalidOptionsError } from "@stageflow/core";
import type { CircuitBreakerOptions } from "../circuitBreakerOptions.js";
import { CircuitState, type CircuitBreakerJSON, type CircuitSnapshotJSON } from "../circuitState.js";

const WHERE = "CircuitBreaker";
const KEYS = [
  "failureThreshold",
  "slidingWindow",
  "halfOpenAfterMs",
  "halfOpenMaxProbes",
  "successThreshold",
  "initialState",
] as const;
const WINDOW_KEYS = ["size", "failureRateThreshold", "minimumCalls"] as const;
const STATES: readonly string[] = Object.values(CircuitState);

/** Options with defaults applied. */
export interface ResolvedCircuitOptions {
  readonly failureThreshold: number;
  readonly window:
    | { readonly size: number; readonly failureRateThreshold: number; readonly minimumCalls: number }
    | undefined;
  readonly halfOpenAfterMs: number;
  readonly halfOpenMaxProbes: number;
  readonly successThreshold: number;
}

function integer(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidOptionsError(WHERE, `${name} must be an integer ≥ 1, got ${String(value)}.`);
  }
  return value;
}

/** Validates options and fills in defaults. */
export function resolveCircuitOptions(options: CircuitBreakerOptions): ResolvedCircuitOptions {
  assertKnownOptions(WHERE, options, KEYS);
  if (options.failureThreshold !== undefined && options.slidingWindow !== undefined) {
    throw new InvalidOptionsError(
      WHERE,
      "give either failureThreshold (consecutive breaker) or slidingWindow, not both.",
    );
  }
  let window: ResolvedCircuitOptions["window"];
  if (options.slidingWindow !== undefined) {
    const w = options.slidingWindow;
    assertKnownOptions(`${WHERE} slidingWindow`, w, WINDOW_KEYS);
    const size = integer("slidingWindow.size", w.size);
    const rate = w.failureRateThreshold;
    if (typeof rate !== "number" || !(rate > 0 && rate <= 1)) {
      throw new InvalidOptionsError(
        WHERE,
        `slidingWindow.failureRateThreshold must be in (0, 1], got ${String(rate)}.`,
      );
    }
    const minimumCalls = integer("slidingWindow.minimumCalls", w.minimumCalls ?? size);
    if (minimumCalls > size)
      throw new InvalidOptionsError(
        WHERE,
        `slidingWindow.minimumCalls (${minimumCalls}) cannot exceed size (${size}).`,
      );
    window = { size, failureRateThreshold: rate, minimumCalls };
  }
  const halfOpenAfterMs = options.halfOpenAfterMs ?? 30_000;
  if (typeof halfOpenAfterMs !== "number" || !(halfOpenAfterMs >= 0) || !Number.isFinite(halfOpenAfterMs)) {
    throw new InvalidOptionsError(
      WHERE,
      `halfOpenAfterMs must be a finite number ≥ 0, got ${String(halfOpenAfterMs)}.`,
    );
  }
  return {
    failureThreshold: integer("failureThreshold", options.failureThreshold ?? 5),
    window,
    halfOpenAfterMs,
    halfOpenMaxProbes: integer("halfOpenMaxProbes", options.halfOpenMaxProbes ?? 1),
    successThreshold: integer("successThreshold", options.successThreshold ?? 1),
  };
}

function bad(key: string, message: string): never {
  throw new InvalidOptionsError(WHERE, `initialState.circuits["${key}"]: ${message}`);
}

function checkCircuit(key: string, value: unknown): CircuitSnapshotJSON {
  const c = value as Partial<CircuitSnapshotJSON> | null;
  if (typeof c !== "object" || c === null) bad(key, "expected an object.");
  if (!STATES.includes(c.state as string))
    bad(key, `state must be one of ${STATES.join(", ")}, got ${String(c.state)}.`);
  const count = c.consecutiveFailures ?? 0;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0)
    bad(key, "consecutiveFailures must be an integer ≥ 0.");
  const window: unknown = c.window ?? [];
  if (!Array.isArray(window) || window.some((x) => x !== 0 && x !== 1))
    bad(key, "window must be an array of 0 and 1.");
  const openedAt = c.openedAt ?? null;
  if (openedAt !== null && typeof openedAt !== "number") bad(key, "openedAt must be a number or null.");
  if (c.state !== CircuitState.CLOSED && openedAt === null)
    bad(key, `a ${String(c.state)} circuit needs openedAt.`);
  const probes = c.probeSuccesses ?? 0;
  if (typeof probes !== "number" || !Number.isInteger(probes) || probes < 0)
    bad(key, "probeSuccesses must be an integer ≥ 0.");
  return {
    state: c.state as CircuitState,
    consecutiveFailures: count,
    window: [...(window as number[])],
    openedAt,
    probeSuccesses: probes,
  };
}

/** Validates restored state (e.g. parsed from storage). */
export function checkBreakerJSON(json: unknown): CircuitBreakerJSON {
  const j = json as Partial<CircuitBreakerJSON> | null;
  if (
    typeof j !== "object" ||
    j === null ||
    j.version !== 1 ||
    typeof j.circuits !== "object" ||
    j.circuits === null
  ) {
    throw new InvalidOptionsError(
      WHERE,
      "initialState must be { version: 1, circuits: { … } }, as produced by breaker.toJSON().",
    );
  }
  const circuits: Record<string, CircuitSnapshotJSON> = {};
  for (const [key, value] of Object.entries(j.circuits)) circuits[key] = checkCircuit(key, value);
  return { version: 1, circuits };
}
