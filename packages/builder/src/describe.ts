/**
 * @module `describePipeline`: a numeric and text summary of a pipeline's DAG.
 */
import { InvalidOptionsError, assertKnownOptions, type Pipeline, type StageInfo } from "@stageflow/core";
import { viewOf, type ViewNode } from "./internal/graphView.js";

/** Options of {@link describePipeline} and `FluentPipelineBuilder.describe`. */
export interface DescribeOptions {
  /**
   * The cost of each stage (e.g. its expected latency in ms) used to find the critical path.
   * @defaultValue every stage costs 1, so the critical path is a longest chain of stages
   */
  readonly weight?: ((stage: StageInfo) => number) | undefined;
}

/** What {@link describePipeline} reports. */
export interface PipelineDescription {
  /** The pipeline's name. */
  readonly name: string;
  /** Number of stages. */
  readonly stageCount: number;
  /** Number of dependency edges. */
  readonly edgeCount: number;
  /** Number of levels: the most stages on any path from a root to a leaf. */
  readonly depth: number;
  /** The most stages on one level, i.e. that can be ready at the same time when every stage costs the same. */
  readonly width: number;
  /** The heaviest path from a root to a leaf (stage names, in execution order). */
  readonly criticalPath: readonly string[];
  /** The sum of the weights along {@link PipelineDescription.criticalPath}. */
  readonly criticalPathLength: number;
  /** Stages with no dependencies. */
  readonly roots: readonly string[];
  /** Stages nothing depends on. */
  readonly leaves: readonly string[];
  /** ROUTE stages, whose dependents run only when selected. */
  readonly routers: readonly string[];
  /** The summary as text, several lines. */
  readonly text: string;
  /** Returns {@link PipelineDescription.text}, so the description prints as its summary. */
  toString(): string;
}

function weightOf(weight: DescribeOptions["weight"], node: ViewNode): number {
  if (weight === undefined) return 1;
  const w = weight(node.info);
  if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
    throw new InvalidOptionsError(
      "describe",
      `weight("${node.name}") returned ${String(w)}; it must be a finite number >= 0.`,
    );
  }
  return w;
}

/**
 * Summarises a pipeline's DAG in O(V+E): size, depth, width, critical path, roots, leaves, routers.
 * @param pipeline - the pipeline (it is built, hence validated, first)
 * @param options - optional per-stage weight for the critical path
 * @returns the description; `text` (also its `toString()`) is a readable multi-line summary
 * @throws `PipelineValidationError` / `CycleDetectedError` for an invalid pipeline; `InvalidOptionsError`
 * for an unknown option or a negative weight
 * @example
 * ```ts
 * console.log(describePipeline(pipeline).text);
 * ```
 */
export function describePipeline(pipeline: Pipeline, options: DescribeOptions = {}): PipelineDescription {
  assertKnownOptions("describe", options, ["weight"]);
  const view = viewOf(pipeline, "describePipeline");
  const n = view.nodes.length;
  const level = new Int32Array(n);
  const dist = new Float64Array(n);
  const via = new Int32Array(n).fill(-1);
  const perLevel: number[] = [];
  let best = 0;
  for (const node of view.nodes) {
    let lv = 0;
    let from = -1;
    for (const d of node.deps) {
      lv = Math.max(lv, level[d] as number);
      if (from === -1 || (dist[d] as number) > (dist[from] as number)) from = d;
    }
    level[node.index] = lv + 1;
    perLevel[lv] = (perLevel[lv] ?? 0) + 1;
    dist[node.index] = weightOf(options.weight, node) + (from === -1 ? 0 : (dist[from] as number));
    via[node.index] = from;
    if ((dist[node.index] as number) > (dist[best] as number)) best = node.index;
  }
  const criticalPath: string[] = [];
  for (let at = best; at !== -1; at = via[at] as number) criticalPath.push((view.nodes[at] as ViewNode).name);
  criticalPath.reverse();
  const pick = (test: (node: ViewNode) => boolean): string[] =>
    view.nodes.filter(test).map((node) => node.name);
  const description = {
    name: view.name,
    stageCount: n,
    edgeCount: view.edgeCount,
    depth: perLevel.length,
    width: perLevel.reduce((a, b) => Math.max(a, b), 0),
    criticalPath,
    criticalPathLength: dist[best] as number,
    roots: pick((node) => node.deps.length === 0),
    leaves: pick((node) => node.dependents.length === 0),
    routers: pick((node) => node.kind === "route"),
  };
  const list = (names: readonly string[]): string =>
    names.length > 8 ? `${names.slice(0, 8).join(", ")}, … (${names.length})` : names.join(", ");
  const text = [
    `Pipeline "${description.name}": ${n} stage${n === 1 ? "" : "s"}, ${description.edgeCount} edge${description.edgeCount === 1 ? "" : "s"}`,
    `depth ${description.depth}, width ${description.width}`,
    `critical path (length ${description.criticalPathLength}): ${criticalPath.length > 12 ? `${criticalPath.slice(0, 6).join(" → ")} → … → ${criticalPath.slice(-3).join(" → ")}` : criticalPath.join(" → ")}`,
    `roots: ${list(description.roots)}`,
    `leaves: ${list(description.leaves)}`,
    ...(description.routers.length > 0 ? [`routers: ${list(description.routers)}`] : []),
  ].join("\n");
  return { ...description, text, toString: () => text };
}
