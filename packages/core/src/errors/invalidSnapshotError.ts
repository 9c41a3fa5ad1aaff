/**
 * @module Error raised for a context snapshot that does not match its schema.
 */
import { StageflowError } from "./stageflowError.js";

/** One invalid path in a snapshot. */
export interface SnapshotIssue {
  /** Dotted path to the bad value (`"runId.pipelineRunId"`); `""` for the root. */
  readonly path: string;
  /** Why the value is rejected. */
  readonly message: string;
}

const MAX_LISTED = 20;

/** Thrown by `ContextSnapshot.create` / `fromJSON` with every bad path and why it is bad. */
export class InvalidSnapshotError extends StageflowError {
  /** Every issue found (the message lists at most the first 20). */
  readonly issues: readonly SnapshotIssue[];

  /** @param issues - every issue found */
  constructor(issues: readonly SnapshotIssue[]) {
    const listed = issues
      .slice(0, MAX_LISTED)
      .map((i) => `  - ${i.path === "" ? "(root)" : i.path}: ${i.message}`)
      .join("\n");
    const more = issues.length > MAX_LISTED ? `\n  … and ${issues.length - MAX_LISTED} more` : "";
    super("INVALID_SNAPSHOT", `Invalid context snapshot (${issues.length} issue(s)):\n${listed}${more}`);
    this.name = "InvalidSnapshotError";
    this.issues = issues;
  }
}
