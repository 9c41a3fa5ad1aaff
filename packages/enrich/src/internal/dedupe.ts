/**
 * @module De-duplicates array items by a canonical key that agrees with `deepEqual`, so a union of
 * two arrays costs time linear in their size instead of comparing every item with every kept one.
 * @internal
 */
import { deepEqual, isPlainObject } from "./plainData.js";

/** Numbers objects compared by identity (class instances, functions, symbols) within one union. */
class Identities {
  readonly #objects = new WeakMap<object, number>();
  readonly #symbols = new Map<symbol, number>();
  #next = 0;

  of(value: object | symbol): number {
    if (typeof value === "symbol") {
      let id = this.#symbols.get(value);
      if (id === undefined) this.#symbols.set(value, (id = this.#next++));
      return id;
    }
    let id = this.#objects.get(value);
    if (id === undefined) this.#objects.set(value, (id = this.#next++));
    return id;
  }
}

/** Marks a value whose key cannot be built (it contains a cycle). */
const CYCLIC = Symbol("cyclic");

/**
 * A string that is equal for two values exactly when `deepEqual` says they are: primitives by value
 * (NaN with NaN, 0 with -0), dates by time, arrays by position, plain objects by key set whatever the
 * key order, anything else by identity. {@link CYCLIC} for a value that contains a cycle.
 */
function keyOf(value: unknown, ids: Identities, ancestors: Set<object>): string | typeof CYCLIC {
  switch (typeof value) {
    case "undefined":
      return "u";
    case "boolean":
      return value ? "T" : "F";
    case "number":
      return `d${Number.isNaN(value) ? "NaN" : String(value)}`;
    case "bigint":
      return `g${value}`;
    case "string":
      return `s${JSON.stringify(value)}`;
    case "symbol":
    case "function":
      return `i${ids.of(value)}`;
  }
  if (typeof value !== "object" || value === null) return "n";
  if (value instanceof Date) return `t${value.getTime()}`;
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return `i${ids.of(value)}`;
  if (ancestors.has(value)) return CYCLIC;
  ancestors.add(value);
  const parts: string[] = [];
  if (isArray) {
    for (let i = 0; i < value.length; i++) {
      const key = keyOf(value[i], ids, ancestors);
      if (key === CYCLIC) return CYCLIC;
      parts.push(key);
    }
  } else {
    for (const name of Object.keys(value).sort()) {
      const key = keyOf(value[name], ids, ancestors);
      if (key === CYCLIC) return CYCLIC;
      parts.push(`${JSON.stringify(name)}:${key}`);
    }
  }
  ancestors.delete(value);
  return isArray ? `[${parts.join(",")}]` : `{${parts.join(",")}}`;
}

/**
 * Every item of `items` that is not deep-equal to an earlier one, in order. Items with a cycle are
 * compared one by one with the kept items, as `deepEqual` handles cycles; all others by their key.
 */
export function uniqueItems(items: readonly unknown[]): unknown[] {
  const ids = new Identities();
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of items) {
    const key = keyOf(item, ids, new Set());
    if (key === CYCLIC) {
      if (!out.some((kept) => deepEqual(kept, item))) out.push(item);
    } else if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}
