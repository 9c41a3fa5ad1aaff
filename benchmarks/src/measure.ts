/**
 * @module Times every system on one shape: interleaved rounds, rotated order, medians.
 */
import { performance } from "node:perf_hooks";
import type { Shape } from "./shapes.js";
import { median } from "./stats.js";
import type { BenchSystem, Prepared, SystemId } from "./systems/system.js";

/** How hard to measure. */
export interface MeasureOptions {
  /** Rounds per shape; each round runs every system once, in a rotated order. */
  readonly rounds: number;
  /** Target time of one system's batch in a round (ms); decides the runs per batch. */
  readonly batchMs: number;
  /** Fixed runs per batch (the per-run benchmark uses 1,000); overrides `batchMs`. */
  readonly runsPerBatch?: number;
  /** Skip a system on a shape when one run is estimated to take longer than this (ms). */
  readonly maxRunMs: number;
  /** Time batches in process CPU time (default) or wall time. */
  readonly timer: TimerKind;
}

/** One system's figures on one shape. */
export interface Measurement {
  readonly system: SystemId;
  /** µs per stage, median over rounds (undefined when skipped). */
  readonly usPerStage: number | undefined;
  /** µs per run, median over rounds. */
  readonly usPerRun: number | undefined;
  /** µs per stage of each round. */
  readonly rounds: readonly number[];
  /** Runs in each round's batch. */
  readonly runsPerBatch: number;
  /** Why the system was not measured on this shape. */
  readonly skipped?: string;
  /**
   * The floor's µs per stage of each round, when this system was measured in a process of its own
   * (`BenchSystem.isolated`) beside a floor measured there. Its ratios are taken against these rounds,
   * never against the main process's floor.
   */
  readonly baseline?: readonly number[];
  /** The median of `baseline`: the floor of this system's own process (µs per stage). */
  readonly baselineUsPerStage?: number;
}

/**
 * Empties the young generation when the process runs with `--expose-gc` (a no-op otherwise), so each
 * timed batch starts without the previous system's short-lived garbage. Not a full collection: that
 * also shrinks the young generation, and every system then pays for growing it back during its batch
 * (measured: the floor's cost per stage doubles), which no long-running process does.
 */
export function collectYoung(): void {
  const gc = (globalThis as { gc?: (options?: { type: "minor" | "major" }) => void }).gc;
  if (gc !== undefined) gc({ type: "minor" });
}

/** Forces a full collection when the process runs with `--expose-gc`; a no-op otherwise. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** Runs once and checks the last stage's value, so a broken system can never look fast. */
async function verify(system: BenchSystem, prepared: Prepared, shape: Shape): Promise<number> {
  const t0 = performance.now();
  const value = prepared.lastValue(await prepared.run());
  const elapsed = performance.now() - t0;
  if (value !== shape.expected) {
    throw new Error(
      `${system.id} computed ${value} for the last stage of ${shape.label}, expected ${shape.expected}`,
    );
  }
  return elapsed;
}

/**
 * Milliseconds of CPU time this process has used (user + system, all threads). Under a loaded
 * machine, wall time mostly measures the other processes; CPU time measures the work done.
 */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Which clock batches are timed with. */
export type TimerKind = "cpu" | "wall";

const timers: Record<TimerKind, () => number> = { cpu: cpuMs, wall: () => performance.now() };

async function batch(prepared: Prepared, runs: number, timer: TimerKind): Promise<number> {
  const now = timers[timer];
  const t0 = now();
  for (let k = 0; k < runs; k++) await prepared.run();
  return now() - t0;
}

/** One system on one shape, ready to time: its prepared run, the runs in its batch, and the samples so far. */
export interface TimedEntry {
  readonly system: BenchSystem;
  readonly shape: Shape;
  readonly prepared: Prepared;
  readonly runs: number;
  /** µs per stage of each round timed so far. */
  readonly samples: number[];
}

/**
 * Builds `system` on `shape`, checks its result, warms it up and sizes its batch. Returns why it was
 * skipped instead when `estimateMs` (one run predicted from smaller sizes) or the first run exceeds
 * the limit in `options`.
 */
export async function prepareEntry(
  system: BenchSystem,
  shape: Shape,
  options: MeasureOptions,
  estimateMs?: number,
): Promise<TimedEntry | string> {
  if (estimateMs !== undefined && estimateMs > options.maxRunMs) {
    return `skipped: one run estimated at ${(estimateMs / 1000).toFixed(0)} s`;
  }
  const prepared = system.prepare(shape);
  let oneRun = await verify(system, prepared, shape);
  if (oneRun > options.maxRunMs) return `skipped: one run took ${(oneRun / 1000).toFixed(1)} s`;
  // Warm up until the batch target is reached once, then size the batch from the last run.
  const warmUntil = performance.now() + options.batchMs;
  let warmRuns = 0;
  while (warmRuns < 1 || (performance.now() < warmUntil && warmRuns < 10_000)) {
    oneRun = await batch(prepared, 1, "wall");
    warmRuns++;
  }
  const runs =
    options.runsPerBatch ??
    Math.max(1, Math.min(100_000, Math.ceil(options.batchMs / Math.max(oneRun, 1e-3))));
  return { system, shape, prepared, runs, samples: [] };
}

/**
 * Times every entry once per round, back to back, the order rotated each round so that no entry
 * always follows the same one; each round appends one sample (µs per stage) to every entry.
 */
export async function timeRounds(
  entries: readonly TimedEntry[],
  rounds: number,
  timer: TimerKind,
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[(k + round) % entries.length]!;
      collectYoung();
      const ms = await batch(entry.prepared, entry.runs, timer);
      entry.samples.push((ms * 1000) / entry.runs / entry.shape.stages);
    }
  }
}

/**
 * Measures every system on `shape`. `estimateMs(system)` may predict one run's time (from smaller
 * sizes) so that a system that would take too long is skipped before it is built.
 */
export async function measureShape(
  shape: Shape,
  systems: readonly BenchSystem[],
  options: MeasureOptions,
  estimateMs: (system: BenchSystem) => number | undefined = () => undefined,
): Promise<Measurement[]> {
  const entries: TimedEntry[] = [];
  const skipped = new Map<SystemId, string>();
  for (const system of systems) {
    const entry = await prepareEntry(system, shape, options, estimateMs(system));
    if (typeof entry === "string") skipped.set(system.id, entry);
    else entries.push(entry);
  }
  await timeRounds(entries, options.rounds, options.timer);
  return systems.map((system): Measurement => {
    const entry = entries.find((e) => e.system === system);
    if (entry === undefined) {
      const reason = skipped.get(system.id) ?? "skipped";
      return {
        system: system.id,
        usPerStage: undefined,
        usPerRun: undefined,
        rounds: [],
        runsPerBatch: 0,
        skipped: reason,
      };
    }
    const usPerStage = median(entry.samples);
    return {
      system: system.id,
      usPerStage,
      usPerRun: usPerStage * shape.stages,
      rounds: entry.samples,
      runsPerBatch: entry.runs,
    };
  });
}
