/**
 * @module Types of `lintPipeline`'s findings and options.
 */

/** The rules {@link lintPipeline} applies. */
export type LintRule =
  | "invalid-graph"
  | "isolated-stage"
  | "unreachable-branch"
  | "route-merge"
  | "duplicate-branch-key"
  | "branch-without-router"
  | "route-without-branches"
  | "undeclared-read"
  | "unread-dependency";

/** How serious a finding is: `error` is certain to misbehave, `warning` is likely a mistake, `info` may be intended. */
export type LintSeverity = "error" | "warning" | "info";

/** One finding of {@link lintPipeline}. */
export interface LintIssue {
  /** The rule that found it. */
  readonly rule: LintRule;
  /** How serious it is. */
  readonly severity: LintSeverity;
  /** The stage concerned, when there is one. */
  readonly stage?: string;
  /** What is wrong and what to do about it. */
  readonly message: string;
}

/** Options of {@link lintPipeline}. */
export interface LintOptions {
  /**
   * Rules to skip.
   * @defaultValue none: every rule runs
   */
  readonly ignore?: readonly LintRule[] | undefined;
}

/** Receives each finding of a rule. @internal */
export type Report = (issue: LintIssue) => void;
