/**
 * @module Error thrown by `ctx.get(key)` when no plugin provides the key.
 */
import { StageflowError } from "./stageflowError.js";

/** Thrown by `ctx.get(key)` when no plugin of the run provides that key and it has no default. */
export class MissingContextValueError extends StageflowError {
  /** The key's name. */
  readonly key: string;

  /**
   * @param stage - the stage that asked
   * @param key - the key's name
   */
  constructor(stage: string, key: string) {
    super(
      "MISSING_CONTEXT_VALUE",
      `Stage "${stage}" asked for context value "${key}", but no plugin of this run provides it. ` +
        `Add the plugin that provides "${key}" to the run's or pipeline's plugins.`,
    );
    this.name = "MissingContextValueError";
    this.key = key;
  }
}
