/**
 * @module The waiting line of a backpressure monitor: highest priority first, FIFO among equals.
 * @internal
 */

/** One stage waiting for a slot. */
export interface Waiter {
  readonly priority: number;
  readonly grant: () => void;
  readonly abort: (reason: Error) => void;
  readonly signal: AbortSignal | undefined;
}

interface SignalWatch {
  readonly waiters: Set<Waiter>;
  readonly onAbort: () => void;
}

/**
 * A queue ordered by priority (descending), then arrival (ascending). Waiters whose signal aborts
 * leave at once; each signal gets one abort listener however many of its waiters are queued, and it
 * is removed as soon as none is left, so long-lived run signals are never retained.
 */
export class WaitQueue {
  readonly #items: Waiter[] = [];
  readonly #bySignal = new Map<AbortSignal, SignalWatch>();
  readonly #onAbandon: () => void;

  /** @param onAbandon - called after waiters left because their signal aborted */
  constructor(onAbandon: () => void) {
    this.#onAbandon = onAbandon;
  }

  /** Waiters queued. */
  get length(): number {
    return this.#items.length;
  }

  /** Inserts a waiter after every waiter of equal or higher priority. */
  push(waiter: Waiter): void {
    const items = this.#items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((items[mid] as Waiter).priority >= waiter.priority) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, waiter);
    if (waiter.signal !== undefined) this.#watch(waiter.signal, waiter);
  }

  /** Removes and returns the first waiter. */
  shift(): Waiter | undefined {
    const waiter = this.#items.shift();
    if (waiter !== undefined) this.#unwatch(waiter);
    return waiter;
  }

  #remove(waiter: Waiter): void {
    const index = this.#items.indexOf(waiter);
    if (index >= 0) this.#items.splice(index, 1);
  }

  #watch(signal: AbortSignal, waiter: Waiter): void {
    let watch = this.#bySignal.get(signal);
    if (watch === undefined) {
      const waiters = new Set<Waiter>();
      const onAbort = (): void => {
        this.#bySignal.delete(signal);
        for (const w of waiters) this.#remove(w);
        this.#onAbandon();
        for (const w of waiters) w.abort(signal.reason as Error);
      };
      watch = { waiters, onAbort };
      this.#bySignal.set(signal, watch);
      signal.addEventListener("abort", onAbort, { once: true });
    }
    watch.waiters.add(waiter);
  }

  #unwatch(waiter: Waiter): void {
    const signal = waiter.signal;
    const watch = signal === undefined ? undefined : this.#bySignal.get(signal);
    if (signal === undefined || watch === undefined) return;
    watch.waiters.delete(waiter);
    if (watch.waiters.size > 0) return;
    this.#bySignal.delete(signal);
    signal.removeEventListener("abort", watch.onAbort);
  }
}
