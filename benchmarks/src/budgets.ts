/**
 * @module The performance budgets of the project, checked against a suite result.
 */
import type { GrowthResult } from "./growth.js";
import type { Measurement } from "./measure.js";
import { formatMB, formatRatio, median } from "./stats.js";
import type { ShapeResult, SuiteResult } from "./suite.js";
import type { SystemId } from "./systems/system.js";

/** One budget and whether it holds. */
export interface BudgetCheck {
  readonly budget: string;
  readonly pass: boolean;
  /** The figures behind the verdict, or why it could not be checked. */
  readonly detail: string;
}

function us(shape: ShapeResult, system: SystemId): number | undefined {
  return shape.measurements.find((m: Measurement) => m.system === system)?.usPerStage;
}

/**
 * Ratio of `system` to the floor on `shape`: the median of the ratios of each round (both systems
 * timed back to back in that round), so a burst of noise on the machine skews one round, not the
 * ratio; the ratio of the medians when the rounds do not pair up. A system measured in its own process
 * is compared with the floor measured in that process (`Measurement.baseline`).
 * @param shape - the figures of one shape
 * @param system - the system to compare with the floor
 * @returns the ratio, or undefined when either side was not measured
 */
export function ratioToFloor(shape: ShapeResult, system: SystemId): number | undefined {
  const mine = shape.measurements.find((m) => m.system === system);
  const floor = shape.measurements.find((m) => m.system === "floor");
  const own = mine?.baseline !== undefined;
  const a = mine?.usPerStage;
  const base = own ? mine.baselineUsPerStage : floor?.usPerStage;
  if (a === undefined || base === undefined) return undefined;
  const rounds = mine?.rounds ?? [];
  const floors = (own ? mine.baseline : floor?.rounds) ?? [];
  if (rounds.length === 0 || rounds.length !== floors.length) return a / base;
  return median(rounds.map((v, k) => v / floors[k]!));
}

/**
 * Ratio of `system` to `base`, both measured in this process on `shape`: the median of the ratios of
 * each round, as for {@link ratioToFloor}.
 * @returns the ratio, or undefined when either was not measured
 */
export function ratioBetween(shape: ShapeResult, system: SystemId, base: SystemId): number | undefined {
  const mine = shape.measurements.find((m) => m.system === system);
  const theirs = shape.measurements.find((m) => m.system === base);
  if (mine?.usPerStage === undefined || theirs?.usPerStage === undefined) return undefined;
  if (mine.rounds.length === 0 || mine.rounds.length !== theirs.rounds.length)
    return mine.usPerStage / theirs.usPerStage;
  return median(mine.rounds.map((v, k) => v / theirs.rounds[k]!));
}

function ratioBudget(result: SuiteResult, system: SystemId, limit: number, title: string): BudgetCheck {
  const shapes = result.shapes.filter((s) => s.size >= 1000);
  const ratios = shapes.map((s) => [s.label, ratioToFloor(s, system)] as const);
  const misses = ratios.filter(([, r]) => r === undefined || r > limit);
  const worst = ratios.reduce((w, [, r]) => Math.max(w, r ?? Infinity), 0);
  return {
    budget: title,
    pass: shapes.length > 0 && misses.length === 0,
    detail:
      shapes.length === 0
        ? "not measured (no size ≥ 1,000 in this run)"
        : `worst ${formatRatio(worst)}` +
          (misses.length > 0
            ? `; over on ${misses.map(([l, r]) => `${l} (${r === undefined ? "n/a" : formatRatio(r)})`).join(", ")}`
            : ""),
  };
}

const GROWTH_TITLE = "core: cost per stage at 10,000 within 1.3× of 1,000";

/** Growth measured with both sizes in the same rounds; the floor's own growth is shown beside core's. */
function pairedGrowth(growth: readonly GrowthResult[]): BudgetCheck {
  let pass = true;
  const parts: string[] = [];
  for (const g of growth) {
    const core = g.systems.find((s) => s.system === "core");
    if (core === undefined) continue;
    if (core.growth > 1.3) pass = false;
    const floor = g.systems.find((s) => s.system === "floor");
    parts.push(
      `${g.family} ${formatRatio(core.growth)}${floor === undefined ? "" : ` (floor ${formatRatio(floor.growth)})`}`,
    );
  }
  return {
    budget: GROWTH_TITLE,
    pass: parts.length > 0 && pass,
    detail: parts.length === 0 ? "not measured" : `${parts.join(", ")}; both sizes timed in the same rounds`,
  };
}

function growthBudget(result: SuiteResult): BudgetCheck {
  if (result.growth !== undefined && result.growth.length > 0) return pairedGrowth(result.growth);
  // Results of suites from before the paired measurement: the ratio of the two shapes' medians.
  const parts: string[] = [];
  let pass = true;
  let checked = 0;
  for (const family of ["chain", "fanout", "layered"] as const) {
    const small = result.shapes.find((s) => s.family === family && s.size === 1000);
    const large = result.shapes.find((s) => s.family === family && s.size === 10000);
    const a = small && us(small, "core");
    const b = large && us(large, "core");
    if (a === undefined || b === undefined) continue;
    checked++;
    const growth = b / a;
    if (growth > 1.3) pass = false;
    parts.push(`${family} ${formatRatio(growth)}`);
  }
  return {
    budget: GROWTH_TITLE,
    pass: checked > 0 && pass,
    detail: checked === 0 ? "not measured (needs sizes 1,000 and 10,000)" : parts.join(", "),
  };
}

function heapBudget(result: SuiteResult): BudgetCheck {
  const core = result.heap.flatMap((h) =>
    h.results.filter((r) => r.system === "core").map((r) => [h.label, r.peakDeltaBytes] as const),
  );
  const worst = core.reduce((w, [, b]) => Math.max(w, b), 0);
  return {
    budget: "core: peak heap of a 10,000-stage run ≤ 50 MB",
    pass: core.length > 0 && worst <= 50 * 1024 * 1024,
    detail: core.length === 0 ? "not measured" : core.map(([l, b]) => `${l} ${formatMB(b)}`).join(", "),
  };
}

function peersBudget(result: SuiteResult): BudgetCheck {
  const behind: string[] = [];
  for (const shape of [...result.shapes, result.perRun]) {
    const core = us(shape, "core");
    for (const peer of ["pgraph", "langgraph"] as const) {
      const m = shape.measurements.find((x) => x.system === peer);
      if (m === undefined || m.usPerStage === undefined) continue; // skipped peers were too slow to run
      if (core === undefined || core >= m.usPerStage) behind.push(`${shape.label} vs ${peer}`);
    }
  }
  return {
    budget: "core: ahead of p-graph and LangGraph on every shape",
    pass: behind.length === 0,
    detail:
      behind.length === 0
        ? "ahead everywhere measured (LangGraph sizes it could not run count as ahead)"
        : `behind on ${behind.join(", ")}`,
  };
}

function soakBudget(result: SuiteResult): BudgetCheck {
  const s = result.soak;
  return {
    budget: "soak: heap after GC at the end within 10% of the heap after the first 1,000 runs",
    pass: s !== undefined && s.withinBudget,
    detail:
      s === undefined
        ? "not run"
        : `${formatMB(s.heapAfterReference)} → ${formatMB(s.heapAtEnd)} (${formatRatio(s.ratio)}) over ${s.runs.toLocaleString("en-US")} runs`,
  };
}

/** Checks every budget. */
export function checkBudgets(result: SuiteResult): BudgetCheck[] {
  return [
    ratioBudget(result, "core", 2, "core: ≤ 2× the floor on every shape at N = 1,000 and 10,000"),
    growthBudget(result),
    heapBudget(result),
    peersBudget(result),
    ratioBudget(
      result,
      "equipped",
      4,
      "fully equipped: ≤ 4× the floor on every shape at N = 1,000 and 10,000",
    ),
    soakBudget(result),
  ];
}
