/**
 * @module `pnpm --filter @stageflow/benchmarks bench:profile <system> <shape> <size> [runs]`: runs one system on
 * one shape in a loop, long enough for a CPU profile, and prints its cost per stage.
 *
 * Profile with `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx src/profile.ts core chain 10000`
 * (from `benchmarks/`, after building the packages) and open the `.cpuprofile` in a browser's devtools.
 */
import { parseArgs } from "node:util";
import { cpuMs } from "./measure.js";
import { shapeByName } from "./shapes.js";
import { ALL_SYSTEMS } from "./suite.js";

const { positionals } = parseArgs({ allowPositionals: true });
const [systemId = "core", shapeName = "chain", sizeText = "1000", runsText] = positionals;

const system = ALL_SYSTEMS.find((s) => s.id === systemId);
if (system === undefined) {
  throw new Error(`unknown system ${systemId}; choose from ${ALL_SYSTEMS.map((s) => s.id).join(", ")}`);
}
const shape = shapeByName(shapeName, Number(sizeText));
const prepared = system.prepare(shape);
// By default about two million stage runs: a few seconds for core.
const runs = Number(runsText ?? Math.max(10, Math.round(2_000_000 / shape.stages)));
for (let k = 0; k < Math.ceil(runs / 5); k++) await prepared.run();
const cpu0 = cpuMs();
const wall0 = performance.now();
for (let k = 0; k < runs; k++) await prepared.run();
const perStage = (ms: number): string => ((ms * 1000) / runs / shape.stages).toFixed(3);
console.log(
  `${system.label}, ${shape.label}, ${runs} runs: ${perStage(cpuMs() - cpu0)} µs/stage CPU, ` +
    `${perStage(performance.now() - wall0)} µs/stage wall`,
);
