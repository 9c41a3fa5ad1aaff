/**
 * @module The floor: a hand-written minimal Kahn scheduler (in-degree array, reverse adjacency).
 */
import type { Shape } from "../shapes.js";
import type { BenchSystem, Prepared, Probe } from "./system.js";

type StageFn = (deps: readonly number[], outputs: number[]) => Promise<number>;

/** Each stage is an async function reading its dependencies' outputs from the run's output array. */
const stageFn: StageFn = async (deps, outputs) => {
  let m = 0;
  for (let k = 0; k < deps.length; k++) {
    const v = outputs[deps[k]!]!;
    if (v > m) m = v;
  }
  return m + 1;
};

function probed(probe: Probe): StageFn {
  return async (deps, outputs) => {
    probe();
    return stageFn(deps, outputs);
  };
}

/**
 * Runs the graph once: copies the in-degree array, starts the roots, and starts each dependent
 * synchronously when its counter reaches zero.
 */
function runKahn(
  shape: Shape,
  indegree: Int32Array,
  roots: readonly number[],
  body: StageFn,
): Promise<number[]> {
  const { deps, dependents } = shape;
  const remaining = indegree.slice();
  const outputs = new Array<number>(shape.stages);
  let left = shape.stages;
  return new Promise<number[]>((resolve, reject) => {
    const start = (i: number): void => {
      body(deps[i]!, outputs).then((value) => {
        outputs[i] = value;
        const next = dependents[i]!;
        for (let k = 0; k < next.length; k++) {
          const d = next[k]!;
          const count = remaining[d]! - 1;
          remaining[d] = count;
          if (count === 0) start(d);
        }
        if (--left === 0) resolve(outputs);
      }, reject);
    };
    for (const r of roots) start(r);
  });
}

/** The hand-written scheduler. */
export const floorSystem: BenchSystem = {
  id: "floor",
  label: "hand-written Kahn (floor)",
  prepare(shape: Shape, probe?: Probe): Prepared<number[]> {
    const body = probe === undefined ? stageFn : probed(probe);
    const indegree = Int32Array.from(shape.deps, (d) => d.length);
    const roots = shape.deps.flatMap((d, i) => (d.length === 0 ? [i] : []));
    return {
      run: () => runKahn(shape, indegree, roots, body),
      lastValue: (outputs) => outputs[shape.stages - 1] as number,
    };
  },
};
