/**
 * @module The whole benchmark suite: scaling shapes, per-run overhead, peak heap and the soak.
 */
import { cpus, loadavg } from "node:os";
import { measureGrowth, type GrowthResult } from "./growth.js";
import { measureHeap, type HeapMeasurement } from "./heap.js";
import { ContextSnapshot } from "@stageflow/core";
import { measureInChild, mergeIsolated } from "./isolated.js";
import { cpuMs, measureShape, type Measurement, type TimerKind } from "./measure.js";
import { diamond5, shapesAt, type Shape, type ShapeFamily } from "./shapes.js";
import { soak, type SoakResult } from "./soak.js";
import { dutiesSystem } from "./systems/duties.js";
import { floorSystem } from "./systems/floor.js";
import { langgraphSystem } from "./systems/langgraph.js";
import { pgraphSystem } from "./systems/pgraph.js";
import { coreSystem, equippedSystem } from "./systems/stageflow.js";
import type { BenchSystem, SystemId } from "./systems/system.js";

/** Every system, in report order (the floor first: ratios are against it). */
export const ALL_SYSTEMS: readonly BenchSystem[] = [
  floorSystem,
  dutiesSystem,
  coreSystem,
  equippedSystem,
  pgraphSystem,
  langgraphSystem,
];

/** Suite settings. */
export interface SuiteOptions {
  /** Size classes of the scaling shapes. */
  readonly sizes: readonly number[];
  /** Interleaved rounds per shape. */
  readonly rounds: number;
  /** Target time of one batch (ms). */
  readonly batchMs: number;
  /** Runs per batch of the per-run benchmark. */
  readonly perRunRuns: number;
  /** Soak runs (0 skips the soak). */
  readonly soakRuns: number;
  /** Size class whose shapes get a heap measurement (skipped when not in `sizes`). */
  readonly heapSize: number;
  /** One run estimated above this is skipped (ms). */
  readonly maxRunMs: number;
  /** CPU or wall time. */
  readonly timer: TimerKind;
  /**
   * The small and large size classes whose cost per stage is compared in the same rounds (the growth
   * budget); not measured when absent.
   */
  readonly growthSizes?: readonly [number, number];
  /** Systems to measure (the floor is always included). */
  readonly systems: readonly SystemId[];
  /**
   * Measure every system in this process, isolated ones included (how the child process that measures
   * an isolated system runs). Otherwise each isolated system is measured in a child process of its own.
   * @defaultValue false
   */
  readonly inProcess?: boolean;
  /** Progress lines go here. */
  readonly log: (line: string) => void;
}

/** The figures of one shape. */
export interface ShapeResult {
  readonly label: string;
  readonly family: ShapeFamily;
  readonly size: number;
  readonly stages: number;
  readonly measurements: readonly Measurement[];
}

/** Everything the report needs. */
export interface SuiteResult {
  readonly date: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly node: string;
    readonly platform: string;
  };
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  readonly coreEntry: string;
  readonly options: Omit<SuiteOptions, "log">;
  readonly systems: ReadonlyArray<{ readonly id: SystemId; readonly label: string }>;
  readonly shapes: readonly ShapeResult[];
  readonly perRun: ShapeResult;
  readonly heap: ReadonlyArray<{ readonly label: string; readonly results: readonly HeapMeasurement[] }>;
  /** The growth of the cost per stage with N, per family (absent from results of older suites). */
  readonly growth?: readonly GrowthResult[];
  readonly soak: SoakResult | undefined;
  /** CPU µs of one `ContextSnapshot.create`, which the Stageflow per-run figures include. */
  readonly snapshotCreateUs: number;
}

/** Predicts one run of `system` on `shape` from the same family at smaller sizes (ms). */
function estimator(history: Map<string, Array<{ stages: number; usPerStage: number }>>, shape: Shape) {
  return (system: BenchSystem): number | undefined => {
    const past = history.get(`${system.id}/${shape.family}`) ?? [];
    const last = past[past.length - 1];
    if (last === undefined) return undefined;
    const before = past[past.length - 2];
    // Cost per stage grew by this factor over the last step; assume it keeps growing at that rate.
    const growth = before === undefined ? 1 : Math.max(1, last.usPerStage / before.usPerStage);
    return (last.usPerStage * growth * shape.stages) / 1000;
  };
}

function resultOf(shape: Shape, measurements: readonly Measurement[]): ShapeResult {
  return { label: shape.label, family: shape.family, size: shape.size, stages: shape.stages, measurements };
}

/**
 * Runs the suite. Systems are measured in this process, interleaved round by round, so that the
 * machine's state affects all of them alike; each isolated system (`BenchSystem.isolated`) is measured
 * the same way beside a floor in a child process of its own, and its figures are merged in.
 * @param options - what to measure and how hard
 * @returns every figure the report needs
 * @throws Error when a system computes a wrong value or a child process fails
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const selected = ALL_SYSTEMS.filter((s) => s.id === "floor" || options.systems.includes(s.id));
  const inChild = (s: BenchSystem): boolean => s.isolated === true && options.inProcess !== true;
  const systems = selected.filter((s) => !inChild(s));
  const loadBefore = loadavg();
  const history = new Map<string, Array<{ stages: number; usPerStage: number }>>();
  const shapes: ShapeResult[] = [];
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const measure = {
    rounds: options.rounds,
    batchMs: options.batchMs,
    maxRunMs: options.maxRunMs,
    timer: options.timer,
  };
  const growth: GrowthResult[] = [];
  if (options.growthSizes !== undefined) {
    // First, before the per-shape tables: once other 10,000-stage graphs have run in a process, a large run
    // costs more there and a small one does not (FINDINGS.md, round 4), which would read as growth. The budget
    // is core's; the floor and the duties baseline show how much of the growth is the shape's.
    const growing = systems.filter((s) => s.id === "floor" || s.id === "duties" || s.id === "core");
    for (const family of ["chain", "fanout", "layered"] as const) {
      const g = await measureGrowth(family, growing, options.growthSizes, measure);
      growth.push(g);
      options.log(
        `growth ${family} ${options.growthSizes.join("→")}: ${g.systems.map((s) => `${s.system} ×${s.growth.toFixed(2)}`).join(", ")}`,
      );
    }
  }

  for (const size of sizes) {
    for (const shape of shapesAt(size)) {
      const measurements = await measureShape(shape, systems, measure, estimator(history, shape));
      for (const m of measurements) {
        if (m.usPerStage === undefined) continue;
        const key = `${m.system}/${shape.family}`;
        history.set(key, [...(history.get(key) ?? []), { stages: shape.stages, usPerStage: m.usPerStage }]);
      }
      shapes.push(resultOf(shape, measurements));
      options.log(`${shape.label}: ${summary(measurements)}`);
    }
  }
  const five = diamond5();
  const perRun = resultOf(
    five,
    await measureShape(five, systems, { ...measure, runsPerBatch: options.perRunRuns }),
  );
  options.log(`${five.label} ×${options.perRunRuns}: ${summary(perRun.measurements)}`);
  const children: Array<[SystemId, SuiteResult]> = [];
  for (const system of selected.filter(inChild)) {
    options.log(`${system.id}: measured in a process of its own, beside a floor measured there`);
    children.push([system.id, await measureInChild(system, options)]);
  }

  const heap: Array<{ label: string; results: HeapMeasurement[] }> = [];
  if (sizes.includes(options.heapSize)) {
    for (const shape of shapesAt(options.heapSize)) {
      const measured = shapes.find((s) => s.label === shape.label)?.measurements ?? [];
      const results: HeapMeasurement[] = [];
      for (const system of systems) {
        if (measured.find((m) => m.system === system.id)?.usPerStage === undefined) continue;
        results.push(await measureHeap(shape, system));
      }
      heap.push({ label: shape.label, results });
      options.log(
        `heap ${shape.label}: ${results.map((r) => `${r.system} ${(r.peakDeltaBytes / 1048576).toFixed(1)} MB`).join(", ")}`,
      );
    }
  }
  let soakResult: SoakResult | undefined;
  if (options.soakRuns > 0) {
    soakResult = await soak(options.soakRuns);
    options.log(`soak ${options.soakRuns} runs: heap ×${soakResult.ratio.toFixed(3)}`);
  }
  const { log: _log, ...rest } = options;
  const snapshotCreateUs = timeSnapshotCreate();
  const result: SuiteResult = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    loadAverage: { before: loadBefore, after: loadavg() },
    coreEntry: resolveCoreEntry(),
    options: rest,
    systems: selected.map((s) => ({ id: s.id, label: s.label })),
    shapes,
    perRun,
    heap,
    growth,
    soak: soakResult,
    snapshotCreateUs,
  };
  const order = ALL_SYSTEMS.map((s) => s.id);
  return children.reduce((merged, [id, child]) => mergeIsolated(merged, child, id, order), result);
}

/** CPU µs per `ContextSnapshot.create({ inputText })`, the per-run cost outside the executor. */
function timeSnapshotCreate(): number {
  // 2,000 warm-up calls left the timed ones still being compiled: 8.4 µs against 2.6 once warm.
  for (let k = 0; k < 50_000; k++) ContextSnapshot.create({ inputText: "bench" });
  const t0 = cpuMs();
  for (let k = 0; k < 50_000; k++) ContextSnapshot.create({ inputText: "bench" });
  return ((cpuMs() - t0) * 1000) / 50_000;
}

/** Where `@stageflow/core` resolves from here: the built `dist` under `pnpm bench`. */
function resolveCoreEntry(): string {
  try {
    return import.meta.resolve("@stageflow/core");
  } catch {
    return "unknown";
  }
}

function summary(measurements: readonly Measurement[]): string {
  return measurements
    .map((m) => `${m.system} ${m.usPerStage === undefined ? "–" : m.usPerStage.toFixed(3)}`)
    .join(", ");
}
