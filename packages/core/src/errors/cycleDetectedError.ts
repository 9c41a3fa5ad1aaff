/**
 * @module Error raised when a pipeline's dependencies form a cycle.
 */
import { StageflowError } from "./stageflowError.js";

/** Thrown by `Pipeline.build()` when dependencies form a cycle; `cyclePath` names it in order. */
export class CycleDetectedError extends StageflowError {
  /** The stages of one cycle, first stage repeated at the end (`["a", "b", "a"]`). */
  readonly cyclePath: readonly string[];

  /**
   * @param pipeline - name of the pipeline being built
   * @param cyclePath - the cycle, first stage repeated at the end
   */
  constructor(pipeline: string, cyclePath: readonly string[]) {
    super(
      "CYCLE_DETECTED",
      `Pipeline "${pipeline}" has a dependency cycle: ${cyclePath.join(" → ")}. ` +
        `Remove one of these dependencies; a pipeline must be a directed acyclic graph.`,
    );
    this.name = "CycleDetectedError";
    this.cyclePath = cyclePath;
  }
}
