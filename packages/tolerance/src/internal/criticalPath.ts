/**
 * @module Critical-path lengths of a graph's stages, for choosing among waiting stages.
 * @internal
 */
import type { StageInfo } from "@stageflow/core";

/**
 * For each stage (by topological index), the number of stages on the longest path from it to the
 * end of the graph, itself included. Stages with longer tails are started first so that the run's
 * makespan is not stretched by a long chain that started late.
 */
export function criticalPathLengths(stages: readonly StageInfo[]): Int32Array {
  const byName = new Map(stages.map((s) => [s.name, s.index]));
  const lengths = new Int32Array(stages.length).fill(1);
  for (let k = stages.length - 1; k >= 0; k--) {
    const stage = stages[k] as StageInfo;
    const own = lengths[stage.index] as number;
    for (const dep of stage.dependsOn) {
      const d = byName.get(dep);
      if (d !== undefined && (lengths[d] as number) < own + 1) lengths[d] = own + 1;
    }
  }
  return lengths;
}
