/**
 * @module Validates token counts given to budgets.
 * @internal
 */
import { InvalidOptionsError } from "@stageflow/core";

/**
 * Returns `value` when it is a whole number ≥ 0.
 * @throws `InvalidOptionsError` from `where` naming `name` otherwise
 */
export function count(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new InvalidOptionsError(
      where,
      `${name} must be a whole number of tokens ≥ 0, got ${String(value)}.`,
    );
  }
  return value;
}
