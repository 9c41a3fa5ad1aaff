/**
 * @module The `merge` strategy: arrays (de-duplicated), plain objects (recursive) and strings.
 * @internal
 */
import { uniqueItems } from "./dedupe.js";
import { deepEqual, isPlainObject, safeKeys } from "./plainData.js";

/** Resolves a nested conflict at `path`; returns the value to keep. */
export type NestedResolver = (path: string, oldValue: unknown, newValue: unknown) => unknown;

/** Union of two arrays: every item of `a`, then items of `b` not deep-equal to one already kept. */
export function mergeArrays(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  return uniqueItems([...a, ...b]);
}

/**
 * Two strings: equal → either; one containing the other → the longer; otherwise both, joined by a
 * newline (old first), which suits text snippets and prompt fragments.
 */
export function mergeStrings(a: string, b: string): string {
  if (a === b || a.includes(b)) return a;
  if (b.includes(a)) return b;
  return `${a}\n${b}`;
}

/**
 * Merges two plain objects into a new one: keys of either side are kept, keys present on both sides
 * with different values go through `resolve` with their dotted path. Forbidden keys are never written.
 */
export function mergeObjects(
  path: string,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  resolve: NestedResolver,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of safeKeys(a)) out[key] = a[key];
  for (const key of safeKeys(b)) {
    const has = Object.prototype.hasOwnProperty.call(out, key);
    out[key] = !has || deepEqual(out[key], b[key]) ? b[key] : resolve(`${path}.${key}`, out[key], b[key]);
  }
  return out;
}

/**
 * Merges two values of the same shape; values that cannot be merged (numbers, booleans, null, mixed
 * types, class instances) resolve to the new value.
 */
export function mergeValues(path: string, a: unknown, b: unknown, resolve: NestedResolver): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return mergeArrays(a, b);
  if (isPlainObject(a) && isPlainObject(b)) return mergeObjects(path, a, b, resolve);
  if (typeof a === "string" && typeof b === "string") return mergeStrings(a, b);
  return b;
}
