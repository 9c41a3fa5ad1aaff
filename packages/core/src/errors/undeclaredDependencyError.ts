/**
 * @module Error thrown when a stage reads the output of a stage it does not depend on.
 */
import { StageflowError } from "./stageflowError.js";

/** Thrown by `ctx.inputs` when a stage reads a stage that is not among its declared dependencies. */
export class UndeclaredDependencyError extends StageflowError {
  /** The stage doing the reading. */
  readonly stage: string;
  /** The stage it tried to read. */
  readonly requested: string;
  /** The stages it may read. */
  readonly declared: readonly string[];

  /**
   * @param stage - the stage doing the reading
   * @param requested - the stage it tried to read
   * @param declared - the dependencies it declared
   */
  constructor(stage: string, requested: string, declared: readonly string[]) {
    const list = declared.length === 0 ? "none" : declared.map((d) => `"${d}"`).join(", ");
    super(
      "UNDECLARED_DEPENDENCY",
      `Stage "${stage}" read the output of "${requested}", which it does not depend on. ` +
        `Declared dependencies: ${list}. Add "${requested}" to its dependsOn to read it.`,
    );
    this.name = "UndeclaredDependencyError";
    this.stage = stage;
    this.requested = requested;
    this.declared = declared;
  }
}
