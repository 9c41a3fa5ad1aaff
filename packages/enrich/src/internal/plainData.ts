/**
 * @module Helpers over plain data: plain-object test, forbidden keys, deep equality, frozen copies, stable JSON.
 * @internal
 */

/** Keys that merging never writes: assigning them can reach `Object.prototype` or a constructor. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** True for `{}` literals, `Object.create(null)` objects and JSON-parsed objects (not arrays, dates, class instances). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Own enumerable string keys except the forbidden ones. */
export function safeKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => !FORBIDDEN_KEYS.has(key));
}

/**
 * Structural equality for plain data: primitives (NaN equals NaN, 0 equals -0), arrays by position,
 * plain objects by key set (order-insensitive), dates by time; anything else by identity. Cycles are safe.
 */
export function deepEqual(a: unknown, b: unknown, seen: WeakMap<object, object> = new WeakMap()): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (seen.get(a) === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    seen.set(a, b);
    return a.every((item, i) => deepEqual(item, b[i], seen));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  seen.set(a, b);
  return keysA.every(
    (key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key], seen),
  );
}

/**
 * A deeply frozen copy of plain data (arrays and plain objects are copied; forbidden keys are dropped);
 * other values are returned as they are. Never freezes or changes its input.
 */
export function frozenCopy<T>(value: T, seen: WeakMap<object, unknown> = new WeakMap()): T {
  if (typeof value !== "object" || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(frozenCopy(item, seen));
    return Object.freeze(out) as T;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of safeKeys(value)) out[key] = frozenCopy(value[key], seen);
  return Object.freeze(out) as T;
}

/**
 * JSON text with object keys sorted at every level, so equal data always serialises identically
 * (used for checksums). `undefined` object members are omitted, as in `JSON.stringify`.
 */
export function stableStringify(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (!isPlainObject(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        Object.defineProperty(sorted, key, {
          value: v[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return sorted;
    }) ?? "undefined"
  );
}
