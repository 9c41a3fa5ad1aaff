/**
 * @module Types a `BackpressureMonitor` answers with: admissions, state-change events and metrics.
 */
import type { BackpressureData } from "@stageflow/core";

/** Options of `BackpressureMonitor.admit`. */
export interface AdmitOptions {
  /** Aborting it removes the waiter from the queue at once and rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Higher is served first among waiters; equal priorities are served in arrival order.
   * @defaultValue 0
   */
  readonly priority?: number | undefined;
}

/** The answer of `BackpressureMonitor.admit`: admitted (call `release` later), or shed and why. */
export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly reason: string; readonly active: number; readonly queued: number };

/** A state change of the monitor, delivered to subscribers. */
export interface BackpressureEvent {
  /** `backpressure.overloaded` on entering overload, `backpressure.recovered` on leaving it. */
  readonly type: "backpressure.overloaded" | "backpressure.recovered";
  /** Load at the moment of the change. */
  readonly data: BackpressureData;
}

/** A point-in-time view of a monitor. */
export interface BackpressureMetrics extends BackpressureData {
  /** The configured capacity. */
  readonly maxActiveStages: number;
  /** Whether the monitor is in the overloaded state. */
  readonly isOverloaded: boolean;
  /** Stages admitted so far (at once or after waiting). */
  readonly admitted: number;
  /** Stages shed so far. */
  readonly shed: number;
  /** Slots released so far. */
  readonly completed: number;
  /** Highest number of stages ever active at once. */
  readonly peakActive: number;
  /** Longest the queue has ever been. */
  readonly peakQueued: number;
  /** Times the monitor entered the overloaded state. */
  readonly overloads: number;
  /** 95th percentile of recent stage latencies, or `undefined` before any was recorded. */
  readonly p95LatencyMs: number | undefined;
  /** Mean of recent stage latencies, or `undefined` before any was recorded. */
  readonly meanLatencyMs: number | undefined;
}
