/**
 * @module `BackpressureMonitor`: a shared admission gate with a bounded queue, watermarks and latency.
 */
import { assertKnownOptions, StageflowError, type BackpressureData } from "@stageflow/core";
import {
  resolveBackpressureConfig,
  type BackpressureConfig,
  type ResolvedBackpressureConfig,
} from "./backpressureConfig.js";
import { LatencyWindow } from "./internal/latencyWindow.js";
import { WaitQueue, type Waiter } from "./internal/waitQueue.js";

/** Options of {@link BackpressureMonitor.admit}. */
export interface AdmitOptions {
  /** Aborting it removes the waiter from the queue at once and rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /**
   * Higher is served first among waiters; equal priorities are served in arrival order.
   * @defaultValue 0
   */
  readonly priority?: number;
}

/** The answer of {@link BackpressureMonitor.admit}: admitted (call `release` later), or shed and why. */
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

const ADMIT_KEYS = ["signal", "priority"] as const;
const ADMITTED: Admission = Object.freeze({ admitted: true });

/**
 * Admits at most `maxActiveStages` stages at once; others wait in a queue bounded by
 * `queueSizeLimit` (highest priority first, then arrival order) or are shed. Tracks utilisation with
 * high/low watermarks and hysteresis, and the p95 of recent latencies. One monitor may be shared by
 * any number of concurrent runs: the cap then holds across all of them.
 * @example
 * ```ts
 * const monitor = new BackpressureMonitor({ maxActiveStages: 8, queueSizeLimit: 50 });
 * if (await monitor.acquire(signal)) {
 *   try { await work(); } finally { monitor.release(); }
 * }
 * ```
 */
export class BackpressureMonitor {
  /** The resolved configuration. */
  readonly config: ResolvedBackpressureConfig;
  readonly #queue = new WaitQueue();
  readonly #latency: LatencyWindow;
  readonly #listeners = new Set<(event: BackpressureEvent) => void>();
  readonly #bySignal = new Map<
    AbortSignal,
    { readonly waiters: Set<Waiter>; readonly onAbort: () => void }
  >();
  #active = 0;
  #overloaded = false;
  #seq = 0;
  #admitted = 0;
  #shed = 0;
  #completed = 0;
  #peakActive = 0;
  #peakQueued = 0;
  #overloads = 0;

  /**
   * @param config - limits and thresholds; defaults as documented on {@link BackpressureConfig}
   * @throws `InvalidOptionsError` for an unknown key or an out-of-range value
   */
  constructor(config: BackpressureConfig = {}) {
    this.config = resolveBackpressureConfig(config);
    this.#latency = new LatencyWindow(this.config.latencyWindowSize);
  }

  /** Stages holding a slot. */
  get active(): number {
    return this.#active;
  }

  /** Stages waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Active stages ÷ `maxActiveStages`. */
  get utilization(): number {
    return this.#active / this.config.maxActiveStages;
  }

  /** Whether the monitor is overloaded (entered at the high watermark, left at the low one). */
  get isOverloaded(): boolean {
    return this.#overloaded;
  }

  /**
   * Asks for a slot.
   * @param options - an abort signal and a priority
   * @returns `{ admitted: true }` (at once or after waiting; call {@link release} when done), or
   * `{ admitted: false, reason, … }` when shed
   * @throws rejects with `signal.reason` when the signal aborts before a slot is granted
   */
  admit(options: AdmitOptions = {}): Promise<Admission> {
    assertKnownOptions("BackpressureMonitor.admit", options, ADMIT_KEYS);
    const { signal, priority = 0 } = options;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const { maxActiveStages, queueSizeLimit, shedOnOverload } = this.config;
    if (this.#active < maxActiveStages && this.#queue.length === 0) {
      if (shedOnOverload && this.#latencyOverloaded()) {
        return Promise.resolve(
          this.#shedNow(`p95 latency ${this.#latency.p95} ms is above latencyThresholdMs`),
        );
      }
      this.#grant();
      this.#update();
      return Promise.resolve(ADMITTED);
    }
    if (shedOnOverload)
      return Promise.resolve(this.#shedNow(`no free slot of ${maxActiveStages} and shedOnOverload is set`));
    if (this.#queue.length >= queueSizeLimit)
      return Promise.resolve(this.#shedNow(`the queue is full (queueSizeLimit ${queueSizeLimit})`));
    return new Promise<Admission>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        seq: this.#seq++,
        grant: () => resolve(ADMITTED),
        abort: (reason) => reject(reason),
        signal,
      };
      if (signal !== undefined) this.#watch(signal, waiter);
      this.#queue.push(waiter);
      this.#peakQueued = Math.max(this.#peakQueued, this.#queue.length);
      this.#update();
    });
  }

  /** One abort listener per signal, however many of its stages wait (a run may queue hundreds). */
  #watch(signal: AbortSignal, waiter: Waiter): void {
    let watch = this.#bySignal.get(signal);
    if (watch === undefined) {
      const waiters = new Set<Waiter>();
      const onAbort = (): void => {
        this.#bySignal.delete(signal);
        for (const w of waiters) this.#queue.remove(w);
        this.#update();
        for (const w of waiters) w.abort(signal.reason as Error);
      };
      watch = { waiters, onAbort };
      this.#bySignal.set(signal, watch);
      signal.addEventListener("abort", onAbort, { once: true });
    }
    watch.waiters.add(waiter);
  }

  /** Stops watching a granted waiter's signal once none of its waiters is left. */
  #unwatch(waiter: Waiter): void {
    const signal = waiter.signal;
    const watch = signal === undefined ? undefined : this.#bySignal.get(signal);
    if (signal === undefined || watch === undefined) return;
    watch.waiters.delete(waiter);
    if (watch.waiters.size > 0) return;
    this.#bySignal.delete(signal);
    signal.removeEventListener("abort", watch.onAbort);
  }

  /**
   * Asks for a slot; the boolean form of {@link admit}.
   * @param signal - aborting it leaves the queue at once
   * @returns `true` when admitted (call {@link release} when done), `false` when shed
   * @throws rejects with `signal.reason` when the signal aborts before a slot is granted
   */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    const admission = await this.admit(signal === undefined ? {} : { signal });
    return admission.admitted;
  }

  /**
   * Gives a slot back and hands it to the next waiter, if any.
   * @param latencyMs - how long the stage held the slot, added to the latency window
   * @throws `StageflowError` (`"BACKPRESSURE_RELEASE"`) when no slot is held
   */
  release(latencyMs?: number): void {
    if (this.#active === 0) {
      throw new StageflowError(
        "BACKPRESSURE_RELEASE",
        "BackpressureMonitor.release() was called with no slot held; call it once per admitted stage.",
      );
    }
    this.#active--;
    this.#completed++;
    if (latencyMs !== undefined && Number.isFinite(latencyMs) && latencyMs >= 0)
      this.#latency.push(latencyMs);
    while (this.#active < this.config.maxActiveStages && this.#queue.length > 0) {
      const next = this.#queue.shift() as Waiter;
      this.#unwatch(next);
      this.#grant();
      next.grant();
    }
    this.#update();
  }

  /**
   * Listens for `backpressure.overloaded` / `backpressure.recovered` changes.
   * @param listener - called synchronously on each change; its errors are ignored
   * @returns a function that stops listening
   */
  subscribe(listener: (event: BackpressureEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** A point-in-time view: load, counters, peaks and latency. */
  getMetrics(): BackpressureMetrics {
    return {
      utilization: this.utilization,
      active: this.#active,
      queued: this.#queue.length,
      maxActiveStages: this.config.maxActiveStages,
      isOverloaded: this.#overloaded,
      admitted: this.#admitted,
      shed: this.#shed,
      completed: this.#completed,
      peakActive: this.#peakActive,
      peakQueued: this.#peakQueued,
      overloads: this.#overloads,
      p95LatencyMs: this.#latency.p95,
      meanLatencyMs: this.#latency.mean,
    };
  }

  #grant(): void {
    this.#active++;
    this.#admitted++;
    if (this.#active > this.#peakActive) this.#peakActive = this.#active;
  }

  #shedNow(reason: string): Admission {
    this.#shed++;
    return { admitted: false, reason, active: this.#active, queued: this.#queue.length };
  }

  #latencyOverloaded(): boolean {
    const p95 = this.#latency.p95;
    return (
      p95 !== undefined && p95 > this.config.latencyThresholdMs && this.utilization > this.config.lowWatermark
    );
  }

  /** Applies the watermarks with hysteresis and tells subscribers about a change. */
  #update(): void {
    const { highWatermark, lowWatermark, queueSizeLimit } = this.config;
    const u = this.utilization;
    if (!this.#overloaded) {
      const queueFull = queueSizeLimit > 0 && this.#queue.length >= queueSizeLimit;
      if (u >= highWatermark || queueFull || this.#latencyOverloaded()) {
        this.#overloaded = true;
        this.#overloads++;
        this.#notify("backpressure.overloaded");
      }
    } else if (u <= lowWatermark && this.#queue.length === 0) {
      this.#overloaded = false;
      this.#notify("backpressure.recovered");
    }
  }

  #notify(type: BackpressureEvent["type"]): void {
    const event: BackpressureEvent = {
      type,
      data: { utilization: this.utilization, active: this.#active, queued: this.#queue.length },
    };
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // Observers must not break admission.
      }
    }
  }
}
