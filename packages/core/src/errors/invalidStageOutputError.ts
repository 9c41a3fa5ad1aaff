/**
 * @module Error recorded when a stage's output fails its schema or is not a usable value.
 */
import { StageflowError } from "./stageflowError.js";

/** One schema issue in a stage output. */
export interface OutputIssue {
  /** Dotted path inside the output's `data` (`""` for the whole value). */
  readonly path: string;
  /** Why the value is rejected. */
  readonly message: string;
}

/**
 * Fails a stage whose output does not match the `output` schema given to `defineStage`, or is a
 * value no output can hold (a function, a symbol, data nested too deeply to freeze).
 */
export class InvalidStageOutputError extends StageflowError {
  /** The stage whose output was rejected. */
  readonly stage: string;
  /** Every issue the schema reported. */
  readonly issues: readonly OutputIssue[];

  /**
   * @param stage - the stage whose output was rejected
   * @param issues - every issue the schema reported
   * @param bySchema - whether the issues come from the stage's schema (the message says so)
   */
  constructor(stage: string, issues: readonly OutputIssue[], bySchema = true) {
    const listed = issues
      .slice(0, 20)
      .map((i) => `  - ${i.path === "" ? "(data)" : `data.${i.path}`}: ${i.message}`)
      .join("\n");
    super(
      "INVALID_STAGE_OUTPUT",
      `Stage "${stage}" returned an output that ${bySchema ? "does not match its schema" : "cannot be recorded"}:\n${listed}`,
    );
    this.name = "InvalidStageOutputError";
    this.stage = stage;
    this.issues = issues;
  }
}
