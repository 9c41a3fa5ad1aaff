/**
 * @module `BackpressureConfig`: the limits and thresholds of a backpressure monitor.
 */
import { assertKnownOptions, InvalidOptionsError } from "@stageflow/core";

/** Limits and thresholds of a {@link BackpressureMonitor}; every field is optional. */
export interface BackpressureConfig {
  /**
   * Stages that may run at once across every run sharing the monitor.
   * @defaultValue 10
   */
  readonly maxActiveStages?: number | undefined;
  /**
   * Utilisation (active ÷ maxActiveStages) at or above which the monitor becomes overloaded.
   * @defaultValue 0.8
   */
  readonly highWatermark?: number | undefined;
  /**
   * Utilisation at or below which an overloaded monitor recovers (once its queue is empty). Keeping
   * it well under `highWatermark` stops the state from flapping.
   * @defaultValue 0.3
   */
  readonly lowWatermark?: number | undefined;
  /**
   * A p95 stage latency above this, while utilisation is above `lowWatermark`, also counts as
   * overload (and, with `shedOnOverload`, sheds new stages).
   * @defaultValue 5000
   */
  readonly latencyThresholdMs?: number | undefined;
  /**
   * Stages that may wait for a slot; one more is shed. 0 means never wait.
   * @defaultValue 100
   */
  readonly queueSizeLimit?: number | undefined;
  /**
   * Shed a stage instead of queueing it when no slot is free, or when latency says the monitor is
   * overloaded.
   * @defaultValue false
   */
  readonly shedOnOverload?: boolean | undefined;
  /**
   * How many recent stage latencies the p95 is computed over.
   * @defaultValue 100
   */
  readonly latencyWindowSize?: number | undefined;
}

/** A {@link BackpressureConfig} with every default applied. */
export type ResolvedBackpressureConfig = {
  readonly [K in keyof BackpressureConfig]-?: Exclude<BackpressureConfig[K], undefined>;
};

const KEYS = [
  "maxActiveStages",
  "highWatermark",
  "lowWatermark",
  "latencyThresholdMs",
  "queueSizeLimit",
  "shedOnOverload",
  "latencyWindowSize",
] as const;

const WHERE = "BackpressureMonitor";

function positiveInteger(name: string, value: number, allowZero: boolean): void {
  const ok = value === Infinity || (Number.isInteger(value) && (allowZero ? value >= 0 : value >= 1));
  if (!ok)
    throw new InvalidOptionsError(
      WHERE,
      `${name} must be an integer ≥ ${allowZero ? 0 : 1}, got ${String(value)}.`,
    );
}

/**
 * Validates a config and fills in the defaults.
 * @param config - the config as given
 * @returns the resolved config, frozen
 * @throws `InvalidOptionsError` for an unknown key (naming the closest) or an out-of-range value
 */
export function resolveBackpressureConfig(config: BackpressureConfig = {}): ResolvedBackpressureConfig {
  assertKnownOptions(WHERE, config, KEYS);
  const resolved: ResolvedBackpressureConfig = {
    maxActiveStages: config.maxActiveStages ?? 10,
    highWatermark: config.highWatermark ?? 0.8,
    lowWatermark: config.lowWatermark ?? 0.3,
    latencyThresholdMs: config.latencyThresholdMs ?? 5000,
    queueSizeLimit: config.queueSizeLimit ?? 100,
    shedOnOverload: config.shedOnOverload ?? false,
    latencyWindowSize: config.latencyWindowSize ?? 100,
  };
  positiveInteger("maxActiveStages", resolved.maxActiveStages, false);
  if (!Number.isFinite(resolved.maxActiveStages))
    throw new InvalidOptionsError(WHERE, "maxActiveStages must be finite.");
  positiveInteger("queueSizeLimit", resolved.queueSizeLimit, true);
  positiveInteger("latencyWindowSize", resolved.latencyWindowSize, false);
  if (!Number.isFinite(resolved.latencyWindowSize))
    throw new InvalidOptionsError(WHERE, "latencyWindowSize must be finite.");
  const { highWatermark: high, lowWatermark: low } = resolved;
  if (typeof high !== "number" || !(high > 0 && high <= 1)) {
    throw new InvalidOptionsError(WHERE, `highWatermark must be in (0, 1], got ${String(high)}.`);
  }
  if (typeof low !== "number" || !(low >= 0 && low < high)) {
    throw new InvalidOptionsError(
      WHERE,
      `lowWatermark must be in [0, highWatermark) = [0, ${high}), got ${String(low)}.`,
    );
  }
  if (typeof resolved.latencyThresholdMs !== "number" || !(resolved.latencyThresholdMs > 0)) {
    throw new InvalidOptionsError(
      WHERE,
      `latencyThresholdMs must be a positive number, got ${String(resolved.latencyThresholdMs)}.`,
    );
  }
  if (typeof resolved.shedOnOverload !== "boolean") {
    throw new InvalidOptionsError(
      WHERE,
      `shedOnOverload must be a boolean, got ${String(resolved.shedOnOverload)}.`,
    );
  }
  return Object.freeze(resolved);
}
