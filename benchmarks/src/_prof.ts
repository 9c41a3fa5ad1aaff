import { chain, fanOut, layered } from "./shapes.js";
import { floorSystem } from "./systems/floor.js";
import { coreSystem, equippedSystem } from "./systems/stageflow.js";
import { cpuMs } from "./measure.js";
const which = process.argv[2] ?? "core";
const sys = which === "floor" ? floorSystem : which === "equipped" ? equippedSystem : coreSystem;
const shape =
  process.argv[3] === "fan" ? fanOut(1000) : process.argv[3] === "layered" ? layered(30, 30) : chain(1000);
const p = sys.prepare(shape);
for (let r = 0; r < 5; r++) {
  const t0 = cpuMs();
  const w0 = performance.now();
  for (let k = 0; k < Number(process.env.RUNS ?? 200); k++) await p.run();
  console.log(
    which,
    shape.label,
    (((cpuMs() - t0) * 1000) / Number(process.env.RUNS ?? 200) / shape.stages).toFixed(3),
    "cpu µs/stage",
    (((performance.now() - w0) * 1000) / Number(process.env.RUNS ?? 200) / shape.stages).toFixed(3),
    "wall",
  );
}
