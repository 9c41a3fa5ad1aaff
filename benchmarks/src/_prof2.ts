import { diamond5, chain, fanOut } from "./shapes.js";
import { coreSystem, equippedSystem } from "./systems/stageflow.js";
import { cpuMs } from "./measure.js";
const sys = process.argv[2] === "equipped" ? equippedSystem : coreSystem;
const shape =
  process.argv[3] === "chain" ? chain(1000) : process.argv[3] === "fan" ? fanOut(1000) : diamond5();
const p = sys.prepare(shape);
const runs = Number(process.env.RUNS ?? 2000);
for (let r = 0; r < 4; r++) {
  const t0 = cpuMs();
  for (let k = 0; k < runs; k++) await p.run();
  console.log(
    process.argv[2],
    shape.label,
    (((cpuMs() - t0) * 1000) / runs).toFixed(2),
    "cpu µs/run",
    (((cpuMs() - t0) * 1000) / runs / shape.stages).toFixed(3),
    "µs/stage",
  );
}
