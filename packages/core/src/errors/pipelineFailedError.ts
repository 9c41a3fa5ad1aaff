/**
 * @module Error thrown by `PipelineResult.throwIfFailed()`.
 */
import { messageOf } from "../internal/inspect.js";
import { brandStageflowError } from "./stageflowError.js";

/** One failed stage and its error. */
export interface StageFailure {
  /** The stage that failed. */
  readonly stage: string;
  /** What it failed with. */
  readonly error: Error;
}

/**
 * An `AggregateError` of every stage failure of a run, thrown by `result.throwIfFailed()`.
 * `isStageflowError` recognises it; its `code` is `"PIPELINE_FAILED"`.
 */
export class PipelineFailedError extends AggregateError {
  /** Always `"PIPELINE_FAILED"`. */
  declare readonly code: "PIPELINE_FAILED";
  /** The failed stages, in the order they failed. */
  readonly failures: readonly StageFailure[];

  /**
   * @param pipeline - the pipeline's name
   * @param failures - every failed stage
   */
  constructor(pipeline: string, failures: readonly StageFailure[]) {
    const names = failures.map((f) => `"${f.stage}" (${messageOf(f.error)})`).join(", ");
    super(
      failures.map((f) => f.error),
      `Pipeline "${pipeline}" failed: ${failures.length} stage(s) failed: ${names}`,
    );
    this.name = "PipelineFailedError";
    this.failures = failures;
    brandStageflowError(this, "PIPELINE_FAILED");
  }
}
