/**
 * @module p-graph 2.0.0: a promise graph runner; outputs are passed through a per-run array.
 */
import { PGraph, type DependencyList, type PGraphNodeRecord } from "p-graph";
import type { Shape } from "../shapes.js";
import type { BenchSystem, Prepared, Probe } from "./system.js";

/** p-graph, built once per shape, with one shared runner function per run. */
export const pgraphSystem: BenchSystem = {
  id: "pgraph",
  label: "p-graph 2.0.0",
  prepare(shape: Shape, probe?: Probe): Prepared<number[]> {
    const nodes: PGraphNodeRecord = {};
    const indexOf = new Map<string, number>();
    shape.names.forEach((name, i) => {
      nodes[name] = {};
      indexOf.set(name, i);
    });
    const edges: DependencyList = [];
    shape.deps.forEach((deps, i) => {
      for (const d of deps) edges.push([shape.names[d]!, shape.names[i]!]);
    });
    const graph = new PGraph(nodes, edges);
    return {
      run: async () => {
        const outputs = new Array<number>(shape.stages);
        await graph.run({
          run: async (id) => {
            probe?.();
            const i = indexOf.get(id)!;
            const deps = shape.deps[i]!;
            let m = 0;
            for (let k = 0; k < deps.length; k++) {
              const v = outputs[deps[k]!]!;
              if (v > m) m = v;
            }
            outputs[i] = m + 1;
          },
        });
        return outputs;
      },
      lastValue: (outputs) => outputs[shape.stages - 1]!,
    };
  },
};
