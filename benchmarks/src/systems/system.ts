/**
 * @module The contract every measured system implements.
 */
import type { Shape } from "../shapes.js";

/** Identifiers of the measured systems, in report order. */
export type SystemId = "floor" | "duties" | "core" | "equipped" | "pgraph" | "langgraph";

/** Called from inside every stage body during the heap phase. */
export type Probe = () => void;

/** A shape made ready to run many times on one system (graph built once, outside the timing). */
export interface Prepared<R = unknown> {
  /** Runs the graph once. */
  run(): Promise<R>;
  /** Extracts the last stage's value from a run's result (outside the timing, for verification). */
  lastValue(result: R): number;
}

/** A system under measurement. */
export interface BenchSystem {
  /** Stable id used in file names and options. */
  readonly id: SystemId;
  /** Human-readable label for the report. */
  readonly label: string;
  /**
   * True when running this system changes the whole process, so that everything measured after it in
   * that process is slower. Such a system is measured in a child process of its own, beside a floor
   * measured in that child, and its ratios are taken against that floor; the main process never runs it.
   * @defaultValue false
   */
  readonly isolated?: boolean;
  /**
   * Builds a shape for this system.
   * @param probe - when given, every stage body calls it once (the heap phase samples memory there)
   */
  prepare(shape: Shape, probe?: Probe): Prepared;
}

/**
 * The stage body every system runs: one more than the largest upstream value (1 for a root), so the
 * last stage's value checks that every system passed outputs along every edge.
 */
export function nextValue(inputs: ArrayLike<number | undefined>): number {
  let m = 0;
  for (let k = 0; k < inputs.length; k++) {
    const v = inputs[k] as number;
    if (v > m) m = v;
  }
  return m + 1;
}
