/**
 * @module Smoke run of every benchmark scenario at tiny sizes: checks the figures are well-formed.
 */
import { describe, expect, it } from "vitest";
import { checkBudgets, ratioBetween, ratioToFloor } from "../src/budgets.js";
import { renderChart } from "../src/chart.js";
import { measureShape } from "../src/measure.js";
import { renderReport } from "../src/report.js";
import { chain, diamond5, fanOut, layered } from "../src/shapes.js";
import { ALL_SYSTEMS, runSuite, type ShapeResult, type SuiteResult } from "../src/suite.js";
import { floorSystem } from "../src/systems/floor.js";
import type { BenchSystem } from "../src/systems/system.js";

const TINY = {
  sizes: [10],
  rounds: 2,
  batchMs: 1,
  perRunRuns: 5,
  soakRuns: 40,
  heapSize: 10,
  maxRunMs: 20_000,
  timer: "cpu",
  growthSizes: [5, 10],
  systems: ALL_SYSTEMS.map((s) => s.id),
  log: () => undefined,
} as const;

function expectFigure(value: number | undefined): void {
  expect(value).toBeTypeOf("number");
  expect(Number.isFinite(value)).toBe(true);
  expect(value).toBeGreaterThan(0);
}

describe("benchmark shapes", () => {
  it("lists dependencies before dependents and knows the last stage's value", () => {
    expect(chain(10).expected).toBe(10);
    expect(fanOut(10).expected).toBe(3);
    expect(fanOut(10).deps[9]).toHaveLength(8);
    expect(layered(4, 5).expected).toBe(5);
    expect(layered(4, 5).deps[4]).toEqual([0, 1, 3]);
    expect(diamond5().deps).toEqual([[], [0], [0], [0], [1, 2, 3]]);
  });
});

describe("measureShape", () => {
  it("rejects a system whose last stage computes the wrong value", async () => {
    const broken: BenchSystem = {
      id: "pgraph",
      label: "broken",
      prepare: () => ({ run: async () => 0, lastValue: () => -1 }),
    };
    await expect(
      measureShape(chain(5), [floorSystem, broken], { rounds: 1, batchMs: 1, maxRunMs: 1000, timer: "wall" }),
    ).rejects.toThrow(/broken|pgraph computed -1/);
  });
});

describe("ratioToFloor", () => {
  it("compares a system measured in its own process with the floor measured there", () => {
    const shape: ShapeResult = {
      label: "chain 2",
      family: "chain",
      size: 2,
      stages: 2,
      measurements: [
        { system: "floor", usPerStage: 1, usPerRun: 2, rounds: [1, 1], runsPerBatch: 1 },
        { system: "core", usPerStage: 3, usPerRun: 6, rounds: [2, 4], runsPerBatch: 1 },
        {
          system: "langgraph",
          usPerStage: 15,
          usPerRun: 30,
          rounds: [10, 20],
          runsPerBatch: 1,
          baseline: [2, 4],
          baselineUsPerStage: 3,
        },
      ],
    };
    expect(ratioToFloor(shape, "core")).toBe(3);
    expect(ratioToFloor(shape, "langgraph")).toBe(5);
  });
});

describe("ratioBetween", () => {
  it("takes the median of each round's ratio, not the ratio of the medians", () => {
    const shape: ShapeResult = {
      label: "chain 3",
      family: "chain",
      size: 3,
      stages: 3,
      measurements: [
        { system: "duties", usPerStage: 2, usPerRun: 6, rounds: [1, 2, 4], runsPerBatch: 1 },
        { system: "core", usPerStage: 4, usPerRun: 12, rounds: [4, 2, 4], runsPerBatch: 1 },
      ],
    };
    // Rounds: 4 / 1, 2 / 2, 4 / 4 → median 1 (the medians' ratio would be 4 / 2 = 2).
    expect(ratioBetween(shape, "core", "duties")).toBe(1);
    expect(ratioBetween(shape, "core", "floor")).toBeUndefined();
  });
});

describe("the benchmark suite at tiny sizes", () => {
  let result: SuiteResult;

  it("measures every system on every scenario", async () => {
    result = await runSuite(TINY);
    expect(result.shapes.map((s) => s.family)).toEqual(["chain", "fanout", "layered"]);
    for (const shape of [...result.shapes, result.perRun]) {
      expect(shape.measurements.map((m) => m.system)).toEqual(ALL_SYSTEMS.map((s) => s.id));
      for (const m of shape.measurements) {
        expectFigure(m.usPerStage);
        expectFigure(m.usPerRun);
        expect(m.rounds).toHaveLength(2);
        expect(m.skipped).toBeUndefined();
      }
    }
    for (const shape of [...result.shapes, result.perRun]) {
      // LangGraph ran in a child process; its ratios are to the floor measured there.
      const isolated = shape.measurements.filter((m) => m.baseline !== undefined).map((m) => m.system);
      expect(isolated).toEqual(["langgraph"]);
      expect(shape.measurements.find((m) => m.system === "langgraph")?.baseline).toHaveLength(2);
    }
    expect(result.perRun.stages).toBe(5);
    expect(result.perRun.measurements.every((m) => m.runsPerBatch === 5)).toBe(true);
  });

  it("times the floor, the duties baseline and core at both growth sizes in the same rounds", () => {
    expect(result.growth?.map((g) => g.family)).toEqual(["chain", "fanout", "layered"]);
    for (const g of result.growth ?? []) {
      expect(g.sizes).toEqual([5, 10]);
      expect(g.systems.map((s) => s.system)).toEqual(["floor", "duties", "core"]);
      for (const s of g.systems) {
        expect(s.ratios).toHaveLength(2);
        expectFigure(s.smallUs);
        expectFigure(s.largeUs);
        expectFigure(s.growth);
      }
    }
  });

  it("judges growth on the paired ratios when the suite measured them", () => {
    const withGrowth = (coreGrowth: number): SuiteResult => ({
      ...result,
      growth: (["chain", "fanout", "layered"] as const).map((family) => ({
        family,
        sizes: [1000, 10000] as const,
        systems: [
          { system: "floor", smallUs: 1, largeUs: 1, ratios: [1], growth: 1 },
          { system: "core", smallUs: 2, largeUs: 2 * coreGrowth, ratios: [coreGrowth], growth: coreGrowth },
        ],
      })),
    });
    const verdict = (r: SuiteResult) => checkBudgets(r).find((b) => b.budget.includes("within 1.3×"));
    expect(verdict(withGrowth(1.2))?.pass).toBe(true);
    expect(verdict(withGrowth(1.2))?.detail).toContain("fanout ×1.20 (floor ×1.00)");
    expect(verdict(withGrowth(1.4))?.pass).toBe(false);
    expect(renderReport(withGrowth(1.4), "chart.svg")).toContain("2.00 → 2.80 (×1.40)");
  });

  it("measures the heap of each system on each shape of the heap size", () => {
    expect(result.heap.map((h) => h.label)).toEqual(result.shapes.map((s) => s.label));
    for (const h of result.heap) {
      expect(h.results.map((r) => r.system)).toEqual(ALL_SYSTEMS.map((s) => s.id));
      for (const r of h.results) {
        expectFigure(r.baseBytes);
        expect(r.peakBytes).toBeGreaterThanOrEqual(r.baseBytes);
      }
    }
  });

  it("soaks the fully equipped pipeline and traces the heap", () => {
    expect(result.soak?.runs).toBe(40);
    expect(result.soak?.trace.at(-1)?.[0]).toBe(40);
    expectFigure(result.soak?.ratio);
  });

  it("renders the report, the chart and a verdict for every budget", () => {
    const report = renderReport(result, "chart.svg");
    for (const shape of result.shapes) expect(report).toContain(`| ${shape.label} |`);
    expect(report).toContain("## Budgets");
    expect(report).toMatch(/Core over the floor \+ per-stage duties, same rounds .*: chain 10 ×/);
    expect(report).toContain(result.machine.node);
    const svg = renderChart(result);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(3 * ALL_SYSTEMS.length);
    const budgets = checkBudgets(result);
    expect(budgets).toHaveLength(6);
    for (const b of budgets) expect(typeof b.pass).toBe("boolean");
  });
});
