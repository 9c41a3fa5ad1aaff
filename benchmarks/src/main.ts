/**
 * @module `pnpm bench`: runs the suite and rewrites RESULTS.md, results.json and the chart beside them.
 *
 * `--no-write` prints the report instead; `--result-json <file>` (how the suite runs an isolated system
 * in a child process) measures every selected system in this process and writes only the result's JSON.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderChart } from "./chart.js";
import { renderReport } from "./report.js";
import { ALL_SYSTEMS, runSuite, type SuiteOptions, type SuiteResult } from "./suite.js";
import type { SystemId } from "./systems/system.js";

const CHART_FILE = "chart.svg";

function numbers(text: string): number[] {
  return text.split(",").map((part) => {
    const n = Number(part.replace(/_/g, ""));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${part}`);
    return n;
  });
}

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100,1000,10000" },
    rounds: { type: "string", default: "5" },
    "batch-ms": { type: "string", default: "150" },
    "per-run-runs": { type: "string", default: "1000" },
    "soak-runs": { type: "string", default: "100000" },
    "max-run-ms": { type: "string", default: "20000" },
    "heap-size": { type: "string", default: "10000" },
    timer: { type: "string", default: "cpu" },
    systems: { type: "string", default: ALL_SYSTEMS.map((s) => s.id).join(",") },
    "no-write": { type: "boolean", default: false },
    "report-only": { type: "boolean", default: false },
    "result-json": { type: "string" },
  },
});

if (!values["report-only"] && (globalThis as { gc?: unknown }).gc === undefined) {
  console.warn("warning: run with --expose-gc for the heap figures (pnpm bench does)");
}
if (values.timer !== "cpu" && values.timer !== "wall") throw new Error("--timer must be cpu or wall");
const known = new Set<string>(ALL_SYSTEMS.map((s) => s.id));
const systems = values.systems.split(",").filter((s) => {
  if (!known.has(s)) throw new Error(`unknown system ${s}; choose from ${[...known].join(", ")}`);
  return true;
}) as SystemId[];

const sizes = numbers(values.sizes);
const options: SuiteOptions = {
  sizes,
  // The growth budget compares 10,000 stages with 1,000: measured when both sizes are asked for, and not in
  // the child process of an isolated system (the budget is core's).
  ...(sizes.includes(1000) && sizes.includes(10000) && values["result-json"] === undefined
    ? { growthSizes: [1000, 10000] as const }
    : {}),
  rounds: numbers(values.rounds)[0]!,
  batchMs: numbers(values["batch-ms"])[0]!,
  perRunRuns: numbers(values["per-run-runs"])[0]!,
  soakRuns: values["soak-runs"] === "0" ? 0 : numbers(values["soak-runs"])[0]!,
  heapSize: numbers(values["heap-size"])[0]!,
  maxRunMs: numbers(values["max-run-ms"])[0]!,
  timer: values.timer,
  systems,
  inProcess: values["result-json"] !== undefined,
  log: (line) => console.log(line),
};

const resultFile = values["result-json"];
if (resultFile !== undefined) {
  writeFileSync(resultFile, JSON.stringify(await runSuite(options)));
} else {
  const here = fileURLToPath(new URL("..", import.meta.url));
  // --report-only re-renders RESULTS.md and the chart from the last results.json without measuring.
  const result: SuiteResult = values["report-only"]
    ? (JSON.parse(readFileSync(`${here}results.json`, "utf8")) as SuiteResult)
    : await runSuite(options);
  const report = renderReport(result, CHART_FILE);
  if (values["no-write"]) {
    console.log(report);
  } else {
    const dir = here;
    writeFileSync(`${dir}RESULTS.md`, report);
    writeFileSync(`${dir}${CHART_FILE}`, renderChart(result));
    writeFileSync(`${dir}results.json`, JSON.stringify(result, null, 2) + "\n");
    console.log(`\nwrote ${dir}RESULTS.md, ${CHART_FILE} and results.json\n`);
    console.log(report.slice(report.indexOf("## µs per stage"), report.indexOf("## Peak heap")));
    console.log(report.slice(report.indexOf("## Budgets")));
  }
}
