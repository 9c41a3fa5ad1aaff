/**
 * @module Error describing why a run was cancelled.
 */
import { StageflowError } from "./stageflowError.js";

/** The reason a run's signal carries when the run is cancelled (by a `cancel` output or an external abort). */
export class PipelineCancelledError extends StageflowError {
  /** The stage that cancelled the run, if a stage did. */
  readonly stage: string | undefined;

  /**
   * @param reason - why the run was cancelled
   * @param stage - the stage that cancelled it, if any
   * @param cause - the external abort reason, if any
   */
  constructor(reason: string, stage?: string, cause?: unknown) {
    super("PIPELINE_CANCELLED", `Pipeline run cancelled${stage ? ` by stage "${stage}"` : ""}: ${reason}`, {
      cause,
    });
    this.name = "PipelineCancelledError";
    this.stage = stage;
  }
}
