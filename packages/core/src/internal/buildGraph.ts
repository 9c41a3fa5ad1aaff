/**
 * @module Validates collected stages in O(V+E) and produces the immutable graph.
 * @internal
 */
import { CycleDetectedError } from "../errors/cycleDetectedError.js";
import { PipelineValidationError, type PipelineProblem } from "../errors/pipelineValidationError.js";
import { orderInterceptors, type Interceptor } from "../interceptor.js";
import { indexOfNames } from "../context/stageInputs.js";
import { closestMatch } from "../options.js";
import type { StageEntry } from "../pipeline.js";
import type { Plugin, StageInfo } from "../plugin.js";
import { StageGraph } from "../stageGraph.js";
import { StageKind } from "../stageKind.js";
import { callTargetOf } from "./callTarget.js";
import type { GraphNode } from "./graphNode.js";

function findCycle(
  entries: readonly StageEntry[],
  indexOf: ReadonlyMap<string, number>,
  remaining: readonly number[],
): string[] {
  // Iterative DFS over the stages Kahn could not order: each of them lies on or leads to a cycle.
  const color = new Uint8Array(entries.length);
  const parent = new Int32Array(entries.length).fill(-1);
  for (const start of remaining) {
    if (color[start] !== 0) continue;
    const stack: Array<[number, number]> = [[start, 0]];
    color[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [node, next] = top;
      const deps = (entries[node] as StageEntry).dependsOn;
      if (next >= deps.length) {
        color[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const dep = indexOf.get(deps[next] as string) as number;
      if (color[dep] === 1) {
        const path = [(entries[dep] as StageEntry).stage.name];
        for (let at = node; at !== dep; at = parent[at] as number)
          path.push((entries[at] as StageEntry).stage.name);
        path.push((entries[dep] as StageEntry).stage.name);
        // Collected from the closing dependency back along the DFS parents, which is already
        // execution order: each stage in the path is a dependency of the next.
        return path;
      }
      if (color[dep] === 0) {
        color[dep] = 1;
        parent[dep] = node;
        stack.push([dep, 0]);
      }
    }
  }
  return [];
}

/** The one empty interceptor list every stage without interceptors shares (one object, not one per stage). */
const NO_INTERCEPTORS: readonly Interceptor[] = [];

function orderedOrNone(list: readonly Interceptor[]): readonly Interceptor[] {
  return list.length === 0 ? NO_INTERCEPTORS : orderInterceptors(list);
}

/** Validates and builds the graph. */
export function buildGraph(
  pipeline: string,
  entries: readonly StageEntry[],
  pipelineInterceptors: readonly Interceptor[],
  plugins: readonly Plugin[],
): StageGraph {
  const problems: PipelineProblem[] = [];
  if (entries.length === 0) {
    throw new PipelineValidationError(pipeline, [
      { message: "the pipeline has no stages; add one with withStage()." },
    ]);
  }
  const indexOf = new Map<string, number>();
  entries.forEach((entry, i) => {
    const name = entry.stage.name;
    if (indexOf.has(name))
      problems.push({ stage: name, message: `stage "${name}" is added twice; stage names must be unique.` });
    else indexOf.set(name, i);
  });
  const cleanDeps: string[][] = entries.map((entry, i) => {
    const name = entry.stage.name;
    const seen = new Set<string>();
    for (const dep of entry.dependsOn) {
      if (dep === name) {
        // A second stage of the same name depending on the first is the duplicate already reported.
        if (indexOf.get(name) === i)
          problems.push({ stage: name, message: `stage "${name}" depends on itself.` });
      } else if (!indexOf.has(dep)) {
        const hint = closestMatch(dep, indexOf.keys());
        problems.push({
          stage: name,
          message: `stage "${name}" depends on "${dep}", which is not in the pipeline.${hint ? ` Did you mean "${hint}"?` : ""}`,
        });
      }
      seen.add(dep);
    }
    return [...seen];
  });
  if (problems.length > 0) throw new PipelineValidationError(pipeline, problems);
  const checked = entries.map((entry, i) => ({ ...entry, dependsOn: cleanDeps[i] as string[] }));

  // Kahn's algorithm over entry indices; FIFO keeps insertion order among independent stages.
  const n = checked.length;
  const indegree = new Int32Array(n);
  const dependents: number[][] = Array.from({ length: n }, () => []);
  checked.forEach((entry, i) => {
    indegree[i] = entry.dependsOn.length;
    for (const dep of entry.dependsOn) (dependents[indexOf.get(dep) as number] as number[]).push(i);
  });
  const order: number[] = [];
  const remaining = Int32Array.from(indegree);
  for (let i = 0; i < n; i++) if (remaining[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    for (const d of dependents[order[head] as number] as number[]) {
      remaining[d] = (remaining[d] as number) - 1;
      if (remaining[d] === 0) order.push(d);
    }
  }
  if (order.length < n) {
    const stuck: number[] = [];
    for (let i = 0; i < n; i++) if ((remaining[i] as number) > 0) stuck.push(i);
    throw new CycleDetectedError(pipeline, findCycle(checked, indexOf, stuck));
  }

  const position = new Int32Array(n);
  order.forEach((entryIndex, pos) => {
    position[entryIndex] = pos;
  });
  const nodes: GraphNode[] = order.map((entryIndex, pos) => {
    const entry = checked[entryIndex] as StageEntry;
    const deps = entry.dependsOn.map((d) => position[indexOf.get(d) as number] as number);
    const info: StageInfo = Object.freeze({
      name: entry.stage.name,
      kind: entry.stage.kind ?? StageKind.TRANSFORM,
      dependsOn: Object.freeze([...entry.dependsOn]),
      index: pos,
      stage: entry.stage,
    });
    return {
      index: pos,
      name: info.name,
      kind: info.kind,
      stage: entry.stage,
      output: entry.stage.output,
      target: callTargetOf(entry.stage),
      info,
      deps,
      // A plain copy, not the frozen `info.dependsOn`: V8 does not optimise `for…of` over frozen arrays (a stage
      // iterating `ctx.inputs.names` measured ≈15 ns more per loop, plus a result object per step).
      depNames: [...entry.dependsOn],
      depIndex: indexOfNames(entry.dependsOn),
      dependents: (dependents[entryIndex] as number[]).map((d) => position[d] as number),
      when: entry.when,
      interceptors: orderedOrNone([...pipelineInterceptors, ...entry.interceptors]),
      ownInterceptors: entry.interceptors,
      branch: entry.branch ?? info.name,
      hasRouteParent: false,
    };
  });
  for (const node of nodes) {
    (node as { hasRouteParent: boolean }).hasRouteParent = node.deps.some(
      (d) => (nodes[d] as GraphNode).kind === StageKind.ROUTE,
    );
    Object.freeze(node);
  }
  // Internal and never handed out, so left unfrozen: indexed loads from a frozen array are slower on every stage.
  const graph = new StageGraph(pipeline, nodes, pipelineInterceptors, plugins);
  // Each interceptor once, however many stages it was given to; a throw refuses the graph.
  const attached = new Set<Interceptor>(pipelineInterceptors);
  for (const entry of entries) for (const interceptor of entry.interceptors) attached.add(interceptor);
  for (const interceptor of attached) interceptor.attach?.(graph.attachTarget);
  return graph;
}
