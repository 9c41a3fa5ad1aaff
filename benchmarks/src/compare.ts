/**
 * @module `node --import tsx src/compare.ts <core A> <core B> [shape] [size] [rounds]`: times two builds of
 * @stageflow/core against each other in one process, to tell whether a change to the executor helps.
 *
 * Each argument is a path to a built entry point (`packages/core/dist/index.js` of two checkouts, e.g. one
 * made with `git worktree add`). Both builds run the same shape, round by round, alternating which goes
 * first; the figure is the median over rounds of B's time divided by A's. Separate processes differ by
 * ±20% on this kind of machine, which hides most single changes; within one process the rounds agree to a
 * few percent. The build loaded second tends to measure a few percent slower, so run it both ways round
 * and compare the two medians. `--timeout <ms>` attaches each build's own `TimeoutInterceptor` to every stage,
 * to compare the interceptor path.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type * as Core from "@stageflow/core";
import { median } from "./stats.js";
import { shapeByName, type Shape } from "./shapes.js";

type CoreModule = typeof Core;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { timeout: { type: "string" } },
});
const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
const [pathA, pathB, shapeName = "chain", sizeText = "10000", roundsText = "10"] = positionals;
if (pathA === undefined || pathB === undefined) {
  throw new Error("usage: compare.ts <core A dist/index.js> <core B dist/index.js> [shape] [size] [rounds]");
}

/** The benchmark's stage body, compiled separately for each build so that neither shares the other's type feedback. */
function freshBody(): (ctx: { inputs: unknown }) => Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a separately compiled copy is the point
  return new Function(
    "return async function execute(ctx) { const inputs = ctx.inputs; let m = 0; " +
      "for (const name of inputs.names) { const v = inputs.get(name)?.data; if (v > m) m = v; } return m + 1; }",
  )() as (ctx: { inputs: unknown }) => Promise<number>;
}

/** Builds the shape with one build of core; returns a function timing `runs` runs (µs per stage). */
async function prepare(path: string, shape: Shape): Promise<(runs: number) => Promise<number>> {
  const core = (await import(pathToFileURL(resolve(path)).href)) as CoreModule;
  const execute = freshBody();
  const interceptors = timeoutMs === undefined ? [] : [new core.TimeoutInterceptor({ timeoutMs })];
  const pipeline = new core.Pipeline(`compare-${shape.family}`, { interceptors });
  shape.deps.forEach((deps, i) => {
    const stage = core.defineStage({ name: shape.names[i]!, execute });
    pipeline.withStage(stage, { dependsOn: deps.map((d) => shape.names[d]!) });
  });
  const graph = pipeline.build();
  return async (runs) => {
    const t0 = performance.now();
    for (let k = 0; k < runs; k++) {
      const result = await graph.run(core.ContextSnapshot.create({ inputText: "bench" }));
      if (result.status !== "completed") throw new Error(`run ${result.status}`);
    }
    return ((performance.now() - t0) * 1000) / runs / shape.stages;
  };
}

const shape = shapeByName(shapeName, Number(sizeText));
const timeA = await prepare(pathA, shape);
const timeB = await prepare(pathB, shape);
const runs = Math.max(4, Math.round(600_000 / shape.stages));
await timeA(runs * 2);
await timeB(runs * 2);
const a: number[] = [];
const b: number[] = [];
for (let round = 0; round < Number(roundsText); round++) {
  if (round % 2 === 0) {
    a.push(await timeA(runs));
    b.push(await timeB(runs));
  } else {
    b.push(await timeB(runs));
    a.push(await timeA(runs));
  }
}
const ratios = b.map((v, k) => v / a[k]!);
console.log(
  `${shape.label}: A ${median(a).toFixed(3)} µs/stage, B ${median(b).toFixed(3)} µs/stage, ` +
    `B/A median ${median(ratios).toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(" ")})`,
);
