/**
 * @module Checks the options of a `ContextUtilization` budget and the token counts given to it.
 * @internal
 */
import { InvalidOptionsError, assertKnownOptions } from "@stageflow/core";
import type { ContextUtilizationOptions } from "../budgetTypes.js";

const WHERE = "ContextUtilization";

const OPTION_KEYS = [
  "maxTokens",
  "usedTokens",
  "reservedTokens",
  "nearLimitRatio",
  "eventSink",
  "clock",
  "runId",
  "pipeline",
] as const;

/** A budget's checked figures. */
export interface BudgetFigures {
  readonly maxTokens: number;
  readonly reservedTokens: number;
  readonly usedTokens: number;
  readonly nearLimitRatio: number;
}

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

/**
 * Checks a budget's options and fills in the defaults.
 * @throws `InvalidOptionsError` for unknown options, negative or fractional counts, a reservation
 * above `maxTokens`, or a ratio outside (0, 1]
 */
export function readBudgetOptions(options: ContextUtilizationOptions): BudgetFigures {
  assertKnownOptions(WHERE, options, OPTION_KEYS);
  if (options === undefined) throw new InvalidOptionsError(WHERE, "maxTokens is required.");
  const maxTokens = count(WHERE, "maxTokens", options.maxTokens);
  const reservedTokens = count(WHERE, "reservedTokens", options.reservedTokens ?? 0);
  const usedTokens = count(WHERE, "usedTokens", options.usedTokens ?? 0);
  const nearLimitRatio = options.nearLimitRatio ?? 0.8;
  if (typeof nearLimitRatio !== "number" || !(nearLimitRatio > 0 && nearLimitRatio <= 1)) {
    throw new InvalidOptionsError(WHERE, `nearLimitRatio must be in (0, 1], got ${String(nearLimitRatio)}.`);
  }
  if (reservedTokens > maxTokens) {
    throw new InvalidOptionsError(
      WHERE,
      `reservedTokens (${reservedTokens}) exceeds maxTokens (${maxTokens}).`,
    );
  }
  return { maxTokens, reservedTokens, usedTokens, nearLimitRatio };
}
