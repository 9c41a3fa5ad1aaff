/**
 * @module `FailureMode`: what a run does when a stage fails.
 */

/**
 * The failure policies {@link failureTolerance} can apply to a run.
 *
 * - `FAIL_FAST`: the first failure aborts the run (core's default, unchanged).
 * - `CONTINUE_ON_FAILURE`: every stage downstream of a failed stage is skipped, naming the failed
 *   ancestor; unrelated branches keep running; the run ends `failed` with every successful output.
 * - `BEST_EFFORT`: nothing is skipped; dependents of a failed stage run and can read its `fail`
 *   output (and any partial `data` it carried).
 * @example
 * ```ts
 * graph.run(snapshot, { plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })] });
 * ```
 */
export const FailureMode = {
  FAIL_FAST: "fail_fast",
  CONTINUE_ON_FAILURE: "continue_on_failure",
  BEST_EFFORT: "best_effort",
} as const;

/** One of the {@link FailureMode} values: `"fail_fast" | "continue_on_failure" | "best_effort"`. */
export type FailureMode = (typeof FailureMode)[keyof typeof FailureMode];

const MODES: readonly string[] = Object.values(FailureMode);

/**
 * Tells whether a value is a {@link FailureMode}.
 * @param value - anything
 * @returns `true` for `"fail_fast"`, `"continue_on_failure"` and `"best_effort"`
 */
export function isFailureMode(value: unknown): value is FailureMode {
  return typeof value === "string" && MODES.includes(value);
}
