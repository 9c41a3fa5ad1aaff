/**
 * @module A bounded ring of recent latencies with a cached 95th percentile.
 * @internal
 */

/** Keeps the last `size` latencies; `p95` is the nearest-rank 95th percentile of them. */
export class LatencyWindow {
  readonly #values: Float64Array;
  #count = 0;
  #next = 0;
  #p95: number | undefined;
  #dirty = false;

  constructor(size: number) {
    this.#values = new Float64Array(size);
  }

  /** How many samples the window holds (at most its size). */
  get count(): number {
    return this.#count;
  }

  /** Adds one sample, evicting the oldest when full. */
  push(latencyMs: number): void {
    this.#values[this.#next] = latencyMs;
    this.#next = (this.#next + 1) % this.#values.length;
    if (this.#count < this.#values.length) this.#count++;
    this.#dirty = true;
  }

  /** The 95th percentile of the samples held, or `undefined` when there are none. */
  get p95(): number | undefined {
    if (this.#count === 0) return undefined;
    if (this.#dirty) {
      const sorted = this.#values.slice(0, this.#count).sort();
      this.#p95 = sorted[Math.ceil(0.95 * this.#count) - 1];
      this.#dirty = false;
    }
    return this.#p95;
  }

  /** The mean of the samples held, or `undefined` when there are none. */
  get mean(): number | undefined {
    if (this.#count === 0) return undefined;
    let sum = 0;
    for (let i = 0; i < this.#count; i++) sum += this.#values[i] as number;
    return sum / this.#count;
  }
}
