/**
 * @module Pre-validation of untrusted JSON-ish data: cycles, depth, non-JSON values.
 * @internal
 */
import type { SnapshotIssue } from "../errors/invalidSnapshotError.js";

/** Deepest nesting accepted in a snapshot. */
export const MAX_DEPTH = 64;
const MAX_ISSUES = 50;

function describeType(value: unknown): string {
  if (typeof value === "object" && value !== null) return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}

/** Appends a key to a path: `a.b` for object keys, `a[0]` for array indices. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base === "" ? key : `${base}.${key}`;
}

/** What {@link inspectJson} found: the issues, and a copy with every offending value replaced by `null`. */
export interface JsonInspection {
  readonly issues: SnapshotIssue[];
  readonly value: unknown;
}

/**
 * Walks a value and reports what JSON cannot carry (cycles, BigInt, functions, symbols, non-plain
 * objects, non-finite numbers) and nesting deeper than {@link MAX_DEPTH}, without recursing into a
 * cycle or past the depth limit. Stops reporting after 50 issues so messages stay bounded. Returns a
 * copy in which each offending value is `null`, so a schema can still check everything else.
 */
export function inspectJson(root: unknown): JsonInspection {
  const issues: SnapshotIssue[] = [];
  const ancestors = new Set<object>();
  const report = (path: string, message: string): null => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message });
    return null;
  };
  const walk = (value: unknown, path: string, depth: number): unknown => {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number")
      return Number.isFinite(value) ? value : report(path, `${value} is not a finite number`);
    if (typeof value !== "object") return report(path, `a ${describeType(value)} is not JSON`);
    if (ancestors.has(value)) return report(path, "cyclic reference");
    if (depth > MAX_DEPTH) return report(path, `nested deeper than ${MAX_DEPTH} levels`);
    const proto = Object.getPrototypeOf(value) as unknown;
    const isArray = Array.isArray(value);
    if (!isArray && proto !== Object.prototype && proto !== null) {
      return report(path, `a ${describeType(value)} is not a plain JSON object`);
    }
    ancestors.add(value);
    let copy: unknown;
    if (isArray) copy = value.map((item: unknown, i) => walk(item, joinPath(path, i), depth + 1));
    else {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        if (child === undefined) continue;
        if (key === "__proto__") {
          // A schema would silently drop it (and a careless copy would set a prototype): say so instead.
          report(joinPath(path, key), 'the key "__proto__" is not allowed; rename it');
          continue;
        }
        Object.defineProperty(out, key, {
          value: walk(child, joinPath(path, key), depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      copy = out;
    }
    ancestors.delete(value);
    return copy;
  };
  const value = walk(root, "", 0);
  return { issues, value };
}

/**
 * Copies JSON data into fresh, deeply frozen objects. Keys such as `__proto__` are copied as own data
 * properties, never through the prototype setter.
 */
export function cloneFrozen<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v: unknown) => cloneFrozen(v))) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined) continue;
    Object.defineProperty(out, key, {
      value: cloneFrozen(child),
      enumerable: true,
      writable: false,
      configurable: false,
    });
  }
  return Object.freeze(out) as T;
}
