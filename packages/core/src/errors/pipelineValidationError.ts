/**
 * @module Error raised by `Pipeline.build()` for an invalid graph.
 */
import { StageflowError } from "./stageflowError.js";

/** One problem found while validating a pipeline. */
export interface PipelineProblem {
  /** The stage the problem is about, when there is one. */
  readonly stage?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * Thrown by `Pipeline.build()` when the graph is empty, names a stage twice, depends on a stage that
 * does not exist, or depends on itself. Lists every problem found, not just the first.
 */
export class PipelineValidationError extends StageflowError {
  /** Every problem found, in the order stages were added. */
  readonly problems: readonly PipelineProblem[];

  /**
   * @param pipeline - name of the pipeline being built
   * @param problems - every problem found
   */
  constructor(pipeline: string, problems: readonly PipelineProblem[]) {
    const lines = problems.map((p) => `  - ${p.message}`).join("\n");
    super("PIPELINE_VALIDATION", `Pipeline "${pipeline}" is invalid:\n${lines}`);
    this.name = "PipelineValidationError";
    this.problems = problems;
  }
}
