/**
 * @module `BackpressureMonitor`: a shared admission gate with a bounded queue, watermarks and latency.
 */
import { assertKnownOptions, StageflowError } from "@stageflow/core";
import type {
  Admission,
  AdmitOptions,
  BackpressureEvent,
  BackpressureMetrics,
} from "./backpressureMetrics.js";
import {
  resolveBackpressureConfig,
  type BackpressureConfig,
  type ResolvedBackpressureConfig,
} from "./backpressureConfig.js";
import { LatencyWindow } from "./internal/latencyWindow.js";
import { WaitQueue, type Waiter } from "./internal/waitQueue.js";

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
  readonly #queue = new WaitQueue(() => this.#update());
  readonly #latency: LatencyWindow;
  readonly #listeners = new Set<(event: BackpressureEvent) => void>();
  #active = 0;
  #overloaded = false;
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
      this.#queue.push({
        priority,
        signal,
        grant: () => resolve(ADMITTED),
        abort: (reason) => reject(reason),
      });
      this.#peakQueued = Math.max(this.#peakQueued, this.#queue.length);
      this.#update();
    });
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
