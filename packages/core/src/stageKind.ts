/**
 * @module Stage kinds and output statuses.
 */

/** What a stage does; used for display, for plugins (ENRICH outputs merge into enrichments) and for routing. */
export const StageKind = {
  /** Reshapes data (prompt building, LLM calls, parsing). */
  TRANSFORM: "transform",
  /** Adds context before a model call (profile, memory, retrieval). */
  ENRICH: "enrich",
  /** Selects which dependent branches run, via `StageOutput.ok({ route })`. */
  ROUTE: "route",
  /** Checks input or output (moderation, validation) and may cancel the run. */
  GUARD: "guard",
  /** Side effects (writes, notifications). */
  WORK: "work",
  /** An agent loop or tool use. */
  AGENT: "agent",
} as const;

/** One of the values of {@link StageKind}. */
export type StageKind = (typeof StageKind)[keyof typeof StageKind];

/** The outcome of a stage attempt. */
export const StageStatus = {
  /** Succeeded; `data` holds the result. */
  OK: "ok",
  /** Chose not to run or was pruned; dependents still run and can read it. */
  SKIP: "skip",
  /** Cancels the whole run. */
  CANCEL: "cancel",
  /** Failed; under fail-fast this aborts the run. */
  FAIL: "fail",
  /** Failed but asks to be retried; without a retry interceptor it counts as a failure. */
  RETRY: "retry",
} as const;

/** One of the values of {@link StageStatus}. */
export type StageStatus = (typeof StageStatus)[keyof typeof StageStatus];

const KINDS = new Set<string>(Object.values(StageKind));

/**
 * Tells whether a string is a valid {@link StageKind}.
 * @param value - the value to test
 * @returns `true` for `"transform"`, `"enrich"`, …
 */
export function isStageKind(value: unknown): value is StageKind {
  return typeof value === "string" && KINDS.has(value);
}
