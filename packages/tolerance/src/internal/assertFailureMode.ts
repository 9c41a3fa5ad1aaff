/**
 * @module The one check of a `mode` option, shared by `failureTolerance` and `FailureCollector`.
 */
import { closestMatch, InvalidOptionsError } from "@stageflow/core";
import { FailureMode, isFailureMode } from "../failureMode.js";

/**
 * Returns `value` when it is a {@link FailureMode}; otherwise throws, suggesting the closest mode.
 * @param where - the function or class named in the error
 * @param value - the `mode` that was passed
 * @returns `value`, typed as a mode
 * @throws `InvalidOptionsError` when `value` is not a mode
 */
export function assertFailureMode(where: string, value: unknown): FailureMode {
  if (isFailureMode(value)) return value;
  const modes = Object.values(FailureMode);
  const hint = typeof value === "string" ? closestMatch(value, modes) : undefined;
  throw new InvalidOptionsError(
    where,
    `mode must be one of ${modes.join(", ")}, got ${JSON.stringify(value)}.${hint ? ` Did you mean "${hint}"?` : ""}`,
  );
}
