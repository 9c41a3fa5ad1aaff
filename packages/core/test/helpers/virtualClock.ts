/**
 * @module A virtual clock for core's own tests: time moves only when a test advances it.
 */
import type { Clock } from "../../src/index.js";
import { flush } from "./deferred.js";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A {@link Clock} whose `sleep` resolves only when `advance` moves time past its deadline. Aborting a
 * sleep's signal rejects it with the signal's reason and removes its timer, like the system clock.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<Timer>();

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#timers.delete(timer);
        reject(signal?.reason as Error);
      };
      this.#timers.add(timer);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Sleeps not yet resolved or aborted. */
  get pendingCount(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing due sleeps in deadline order and letting their effects run. */
  async advance(ms: number): Promise<void> {
    await flush();
    const target = this.#now + ms;
    for (let next = this.#next(target); next !== undefined; next = this.#next(target)) {
      this.#timers.delete(next);
      this.#now = next.at;
      next.resolve();
      await flush();
    }
    this.#now = target;
    await flush();
  }

  #next(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers) {
      if (t.at <= limit && (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)))
        best = t;
    }
    return best;
  }
}
