/**
 * @module Error recorded when a conditional dependency's predicate throws.
 */
import { StageflowError } from "@stageflow/core";

/**
 * The error of a stage whose {@link ConditionalDependency} predicate threw. The condition fails
 * closed: the stage does not run, and it is recorded as failed with this error (never silently
 * skipped), so a broken predicate is visible in the result and in `stage.failed` events.
 */
export class ConditionEvaluationError extends StageflowError {
  /** The condition's description (its path, or the one given). */
  readonly condition: string;

  /**
   * @param condition - the condition's description
   * @param cause - what the predicate threw
   */
  constructor(condition: string, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(
      "CONDITION_FAILED",
      `The condition "${condition}" threw (${message}), so its stage did not run. ` +
        `Make the predicate handle missing or unexpected upstream outputs and return a boolean.`,
      { cause },
    );
    this.name = "ConditionEvaluationError";
    this.condition = condition;
  }
}
