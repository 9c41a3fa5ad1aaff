/**
 * @module Error recorded when backpressure refuses to admit a stage.
 */
import { StageflowError } from "@stageflow/core";

/**
 * The error of a stage that backpressure shed instead of running: the queue was full, or
 * `shedOnOverload` was set and no slot was free. The stage did not run.
 * @example
 * ```ts
 * const shed = Object.values(result.stages).filter((s) => s.error instanceof LoadShedError);
 * ```
 */
export class LoadShedError extends StageflowError {
  /** The stage that was shed. */
  readonly stage: string;
  /** Why it was shed, in words. */
  readonly reason: string;
  /** Stages running when it was shed. */
  readonly active: number;
  /** Stages waiting when it was shed. */
  readonly queued: number;

  /**
   * @param stage - the stage that was shed
   * @param details - why, and the monitor's load at that moment
   */
  constructor(
    stage: string,
    details: { readonly reason: string; readonly active: number; readonly queued: number },
  ) {
    super(
      "LOAD_SHED",
      `Stage "${stage}" was shed by backpressure: ${details.reason} (${details.active} running, ${details.queued} queued). ` +
        `Raise maxActiveStages or queueSizeLimit, or retry the run later.`,
    );
    this.name = "LoadShedError";
    this.stage = stage;
    this.reason = details.reason;
    this.active = details.active;
    this.queued = details.queued;
  }
}
