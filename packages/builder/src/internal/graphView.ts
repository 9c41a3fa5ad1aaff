/**
 * @module A validated, index-based view of a pipeline's DAG for rendering, description and lint.
 * @internal
 */
import {
  InvalidOptionsError,
  Pipeline,
  StageKind,
  type StageInfo,
  type WhenCondition,
} from "@stageflow/core";

/** One stage of a {@link GraphView}. */
export interface ViewNode {
  /** Position in topological order. */
  readonly index: number;
  readonly name: string;
  readonly kind: StageKind;
  /** Indices of dependencies, in declaration order. */
  readonly deps: readonly number[];
  /** Indices of direct dependents. */
  readonly dependents: number[];
  /** The key a ROUTE dependency selects this stage by. */
  readonly branch: string;
  /** Whether the branch key was given explicitly (core's `branch` option). */
  readonly explicitBranch: boolean;
  readonly when: WhenCondition | undefined;
  readonly info: StageInfo;
}

/** A pipeline's DAG in topological order. */
export interface GraphView {
  readonly name: string;
  readonly nodes: readonly ViewNode[];
  readonly edgeCount: number;
}

/**
 * Builds the view in O(V+E). Validates through core's `build()`, so an invalid pipeline throws the
 * same `PipelineValidationError` / `CycleDetectedError` a run would.
 */
export function viewOf(pipeline: Pipeline, where = "describe"): GraphView {
  assertPipeline(where, pipeline);
  const graph = pipeline.build();
  const entries = new Map(pipeline.entries.map((e) => [e.stage.name, e]));
  const position = new Map<string, number>();
  graph.stages.forEach((info, i) => position.set(info.name, i));
  let edgeCount = 0;
  const nodes: ViewNode[] = graph.stages.map((info, index) => {
    const entry = entries.get(info.name);
    edgeCount += info.dependsOn.length;
    return {
      index,
      name: info.name,
      kind: info.kind,
      deps: info.dependsOn.map((d) => position.get(d) as number),
      dependents: [],
      branch: entry?.branch ?? info.name,
      explicitBranch: entry?.branch !== undefined,
      when: entry?.when,
      info,
    };
  });
  for (const node of nodes) for (const d of node.deps) (nodes[d] as ViewNode).dependents.push(node.index);
  return { name: graph.name, nodes, edgeCount };
}

/** Tells whether the edge from `from` into its dependent is conditional (chosen by a route). */
export function isConditionalEdge(from: ViewNode): boolean {
  return from.kind === StageKind.ROUTE;
}

/**
 * Throws an `InvalidOptionsError` unless `value` is a `Pipeline`; a built `StageGraph` gets a message
 * saying to pass the pipeline it was built from, since the graph no longer holds `when` and branches.
 */
export function assertPipeline(where: string, value: unknown): asserts value is Pipeline {
  if (value instanceof Pipeline) return;
  const built =
    typeof value === "object" && value !== null && typeof (value as { run?: unknown }).run === "function";
  throw new InvalidOptionsError(
    where,
    built
      ? "expected the Pipeline (or FluentPipelineBuilder), not the StageGraph that build() returns. " +
          "Pass the pipeline the graph was built from."
      : "expected a Pipeline or a FluentPipelineBuilder.",
  );
}
