/**
 * @module Value checks shared by the retry options and `computeRetryDelay`.
 * @internal
 */
import { closestMatch, InvalidOptionsError } from "@stageflow/core";

/** Throws unless `value` is a number ≥ 0 (finite unless `allowInfinity`). */
export function checkMs(where: string, name: string, value: unknown, allowInfinity = false): number {
  if (typeof value === "number" && value >= 0 && (allowInfinity || Number.isFinite(value))) return value;
  const what = allowInfinity ? "a number ≥ 0 (or Infinity)" : "a finite number ≥ 0";
  throw new InvalidOptionsError(where, `${name} must be ${what}, got ${describe(value)}.`);
}

/** Throws unless `value` is an integer ≥ 1 (or Infinity when allowed). */
export function checkCount(where: string, name: string, value: unknown, allowInfinity = false): number {
  if (
    typeof value === "number" &&
    ((Number.isInteger(value) && value >= 1) || (allowInfinity && value === Infinity))
  ) {
    return value;
  }
  throw new InvalidOptionsError(where, `${name} must be an integer ≥ 1, got ${describe(value)}.`);
}

/** Throws unless `value` is one of `values`, suggesting the closest one. */
export function checkOneOf<T extends string>(
  where: string,
  name: string,
  value: unknown,
  values: readonly string[],
): T {
  if (typeof value === "string" && values.includes(value)) return value as T;
  const hint = typeof value === "string" ? closestMatch(value, values) : undefined;
  throw new InvalidOptionsError(
    where,
    `${name} must be one of ${values.map((v) => `"${v}"`).join(", ")}, got ${describe(value)}.` +
      (hint ? ` Did you mean "${hint}"?` : ""),
  );
}

/** Throws unless `value` is a function (or undefined). */
export function checkFunction(where: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") {
    throw new InvalidOptionsError(where, `${name} must be a function, got ${describe(value)}.`);
  }
}

function describe(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : typeof value === "number" ? String(value) : typeof value;
}
