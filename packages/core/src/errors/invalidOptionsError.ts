/**
 * @module Error raised for an options object with unknown keys or bad values.
 */
import { StageflowError } from "./stageflowError.js";

/** Thrown where an options object enters the library, naming the bad key and the closest valid one. */
export class InvalidOptionsError extends StageflowError {
  /** Where the options were given (`"Pipeline.withStage"`, `"RetryInterceptor"`, …). */
  readonly where: string;

  /**
   * @param where - where the options were given
   * @param message - what is wrong and how to fix it
   */
  constructor(where: string, message: string) {
    super("INVALID_OPTIONS", `${where}: ${message}`);
    this.name = "InvalidOptionsError";
    this.where = where;
  }
}
