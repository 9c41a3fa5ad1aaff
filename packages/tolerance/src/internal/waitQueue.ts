/**
 * @module The waiting line of a backpressure monitor: highest priority first, FIFO among equals.
 * @internal
 */

/** One stage waiting for a slot. */
export interface Waiter {
  readonly priority: number;
  readonly seq: number;
  readonly grant: () => void;
  readonly abort: (reason: Error) => void;
  readonly signal: AbortSignal | undefined;
}

/** A queue ordered by priority (descending), then arrival (ascending). */
export class WaitQueue {
  readonly #items: Waiter[] = [];

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
  }

  /** Removes and returns the first waiter. */
  shift(): Waiter | undefined {
    return this.#items.shift();
  }

  /** Removes one waiter; returns whether it was queued. */
  remove(waiter: Waiter): boolean {
    const index = this.#items.indexOf(waiter);
    if (index < 0) return false;
    this.#items.splice(index, 1);
    return true;
  }
}
