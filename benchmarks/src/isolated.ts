/**
 * @module Measures a system that changes the whole process in a child process of its own, beside a floor.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Measurement } from "./measure.js";
import type { ShapeResult, SuiteOptions, SuiteResult } from "./suite.js";
import type { BenchSystem, SystemId } from "./systems/system.js";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/**
 * The arguments of `src/main.ts` that make a child measure `system` and the floor with the same
 * settings as this suite, without the soak, and write its result to `resultFile`.
 * @param system - the system the child measures beside the floor
 * @param options - this suite's settings
 * @param resultFile - where the child writes its `SuiteResult` as JSON
 * @returns the arguments after the script path
 */
export function childArguments(system: SystemId, options: SuiteOptions, resultFile: string): string[] {
  return [
    ...["--systems", `floor,${system}`, "--sizes", options.sizes.join(",")],
    ...["--rounds", String(options.rounds), "--batch-ms", String(options.batchMs)],
    ...["--per-run-runs", String(options.perRunRuns), "--max-run-ms", String(options.maxRunMs)],
    ...["--heap-size", String(options.heapSize), "--timer", options.timer],
    ...["--soak-runs", "0", "--result-json", resultFile],
  ];
}

/** This process's Node flags (`--expose-gc --import tsx` under `pnpm bench`), with tsx added if missing. */
function nodeFlags(): string[] {
  const flags = [...process.execArgv];
  if (!flags.some((flag) => /\btsx\b/.test(flag))) flags.push("--import", "tsx");
  return flags;
}

function forward(stream: Readable, each: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on("line", each);
}

/**
 * Runs `src/main.ts` in a child process that measures `system` and the floor, interleaved as usual,
 * and returns the child's result. The child's progress lines go to `options.log`, prefixed with the
 * system's id.
 * @param system - a system whose `isolated` flag is set
 * @param options - this suite's settings (the child uses the same ones, without the soak)
 * @returns the child's result: the floor and `system` on every shape, the per-run diamond and the heap
 * @throws Error when the child exits with an error (its last lines of standard error are included)
 */
export async function measureInChild(system: BenchSystem, options: SuiteOptions): Promise<SuiteResult> {
  const dir = mkdtempSync(join(tmpdir(), "stageflow-bench-"));
  const resultFile = join(dir, "result.json");
  try {
    const child = spawn(
      process.execPath,
      [...nodeFlags(), MAIN, ...childArguments(system.id, options, resultFile)],
      { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] },
    );
    const prefix = `[${system.id}] `;
    const errors: string[] = [];
    forward(child.stdout, (line) => options.log(prefix + line));
    forward(child.stderr, (line) => {
      errors.push(line);
      options.log(prefix + line);
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (code !== 0) {
      throw new Error(
        `measuring ${system.id} in its own process failed (exit ${code}):\n${errors.slice(-20).join("\n")}`,
      );
    }
    return JSON.parse(readFileSync(resultFile, "utf8")) as SuiteResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child's figures for `system` on one shape, carrying the child's floor as their baseline. */
function fromChild(shape: ShapeResult | undefined, system: SystemId): Measurement {
  const mine = shape?.measurements.find((m) => m.system === system);
  const floor = shape?.measurements.find((m) => m.system === "floor");
  if (mine === undefined) {
    const skipped = "not measured in its own process";
    return { system, usPerStage: undefined, usPerRun: undefined, rounds: [], runsPerBatch: 0, skipped };
  }
  if (mine.usPerStage === undefined || floor?.usPerStage === undefined) return mine;
  return { ...mine, baseline: floor.rounds, baselineUsPerStage: floor.usPerStage };
}

/**
 * Adds the figures `child` measured for `system` to `result`: each shape's and the per-run diamond's
 * measurement (with the child's floor rounds as its baseline) and the heap of `system`. The child's own
 * floor is not shown; it only serves as the baseline of the ratios.
 * @param result - the main process's result
 * @param child - the result of the child process that measured `system`
 * @param system - the isolated system
 * @param order - system ids in report order
 * @returns a new result; `result` is not modified
 */
export function mergeIsolated(
  result: SuiteResult,
  child: SuiteResult,
  system: SystemId,
  order: readonly SystemId[],
): SuiteResult {
  const rank = (id: SystemId): number => order.indexOf(id);
  const merged = (shape: ShapeResult, theirs: ShapeResult | undefined): ShapeResult => ({
    ...shape,
    measurements: [...shape.measurements.filter((m) => m.system !== system), fromChild(theirs, system)].sort(
      (a, b) => rank(a.system) - rank(b.system),
    ),
  });
  return {
    ...result,
    shapes: result.shapes.map((s) =>
      merged(
        s,
        child.shapes.find((c) => c.label === s.label),
      ),
    ),
    perRun: merged(result.perRun, child.perRun),
    heap: result.heap.map((h) => ({
      label: h.label,
      results: [
        ...h.results.filter((r) => r.system !== system),
        ...(child.heap.find((c) => c.label === h.label)?.results.filter((r) => r.system === system) ?? []),
      ].sort((a, b) => rank(a.system) - rank(b.system)),
    })),
  };
}
