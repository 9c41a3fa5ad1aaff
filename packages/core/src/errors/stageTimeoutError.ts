/**
 * @module Error recorded when a stage attempt exceeds its timeout.
 */
import { StageflowError } from "./stageflowError.js";

/** The reason an attempt's signal is aborted with, and the error of a timed-out stage. */
export class StageTimeoutError extends StageflowError {
  /** The stage that timed out. */
  readonly stage: string;
  /** The timeout that was exceeded. */
  readonly timeoutMs: number;

  /**
   * @param stage - the stage that timed out
   * @param timeoutMs - the timeout that was exceeded
   */
  constructor(stage: string, timeoutMs: number) {
    super(
      "STAGE_TIMEOUT",
      `Stage "${stage}" did not finish within ${timeoutMs} ms. ` +
        `Raise its timeoutMs, or make it honour ctx.signal so it stops sooner.`,
    );
    this.name = "StageTimeoutError";
    this.stage = stage;
    this.timeoutMs = timeoutMs;
  }
}
