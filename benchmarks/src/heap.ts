/**
 * @module Peak heap of one large run: samples the V8 heap from inside the stages after a forced GC.
 */
import { getHeapStatistics } from "node:v8";
import { collect } from "./measure.js";
import type { Shape } from "./shapes.js";
import type { BenchSystem } from "./systems/system.js";

/** Heap figures of one system running one shape once. */
export interface HeapMeasurement {
  readonly system: BenchSystem["id"];
  /** Heap in use after a forced GC, with the graph built, just before the run. */
  readonly baseBytes: number;
  /** Highest heap in use sampled during the run (every `stages / 200` stages) and at its end. */
  readonly peakBytes: number;
  /** `peakBytes - baseBytes`: what the run itself needed, garbage included. */
  readonly peakDeltaBytes: number;
  /** Heap still held after a forced GC while the run's result is kept: the result's own size. */
  readonly retainedBytes: number;
}

/** Heap in use, in bytes. */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

/**
 * Runs `shape` once on `system` and reports its heap. The system is warmed up first (one run) so
 * that compiled code and inline caches are not counted as the run's memory.
 */
export async function measureHeap(shape: Shape, system: BenchSystem): Promise<HeapMeasurement> {
  const every = Math.max(1, Math.floor(shape.stages / 200));
  let sampling = false;
  let calls = 0;
  let peak = 0;
  const probe = (): void => {
    if (!sampling || ++calls % every !== 0) return;
    const used = heapUsed();
    if (used > peak) peak = used;
  };
  const prepared = system.prepare(shape, probe);
  await prepared.run();
  collect();
  const base = heapUsed();
  peak = base;
  sampling = true;
  const result = await prepared.run();
  sampling = false;
  peak = Math.max(peak, heapUsed());
  collect();
  const retained = heapUsed() - base;
  if (prepared.lastValue(result) !== shape.expected)
    throw new Error(`${system.id} computed a wrong value on ${shape.label}`);
  return {
    system: system.id,
    baseBytes: base,
    peakBytes: peak,
    peakDeltaBytes: peak - base,
    retainedBytes: retained,
  };
}
