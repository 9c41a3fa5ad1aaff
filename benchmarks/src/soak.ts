/**
 * @module The soak: many runs of the 5-stage pipeline, fully equipped, checking that the heap stays flat.
 */
import { performance } from "node:perf_hooks";
import { heapUsed } from "./heap.js";
import { collect } from "./measure.js";
import { diamond5 } from "./shapes.js";
import { equippedSystem } from "./systems/stageflow.js";

/** What the soak found. */
export interface SoakResult {
  /** Runs made. */
  readonly runs: number;
  /** Runs after which the reference heap was taken. */
  readonly referenceRuns: number;
  /** Heap after a forced GC following the first `referenceRuns` runs. */
  readonly heapAfterReference: number;
  /** Heap after a forced GC at the end. */
  readonly heapAtEnd: number;
  /** `heapAtEnd / heapAfterReference`. */
  readonly ratio: number;
  /** Whether the end heap is within 10% of the reference. */
  readonly withinBudget: boolean;
  /** Heap after a forced GC at regular points: `[runs so far, bytes]`. */
  readonly trace: ReadonlyArray<readonly [number, number]>;
  /** Wall time of the whole soak. */
  readonly elapsedMs: number;
}

/**
 * Runs the fully equipped 5-stage pipeline `runs` times, one after another, each with a fresh
 * recording sink, and compares the heap after forced GCs at the start and at the end.
 */
export async function soak(runs: number, referenceRuns = Math.min(1000, runs)): Promise<SoakResult> {
  const shape = diamond5();
  const prepared = equippedSystem.prepare(shape);
  const traceEvery = Math.max(referenceRuns, Math.floor(runs / 10));
  const trace: Array<[number, number]> = [];
  const t0 = performance.now();
  let reference = 0;
  for (let k = 1; k <= runs; k++) {
    const result = await prepared.run();
    if (k === 1 && prepared.lastValue(result) !== shape.expected)
      throw new Error("soak pipeline computed a wrong value");
    if (k === referenceRuns || k % traceEvery === 0 || k === runs) {
      collect();
      const used = heapUsed();
      if (k === referenceRuns) reference = used;
      trace.push([k, used]);
    }
  }
  const end = trace[trace.length - 1]![1];
  const ratio = end / reference;
  return {
    runs,
    referenceRuns,
    heapAfterReference: reference,
    heapAtEnd: end,
    ratio,
    withinBudget: ratio <= 1.1,
    trace,
    elapsedMs: performance.now() - t0,
  };
}
