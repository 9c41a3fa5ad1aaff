/**
 * @module Pre-validation of untrusted JSON-ish data: cycles, depth, non-JSON values.
 * @internal
 */
import type { SnapshotIssue } from "../errors/invalidSnapshotError.js";
import { typeTag } from "../internal/inspect.js";

/** Deepest nesting accepted in a snapshot. */
export const MAX_DEPTH = 64;
const MAX_ISSUES = 50;
/** Stands for an entry whose read threw. */
const UNREADABLE: unique symbol = Symbol("unreadable");
/** What is said of it: never the thrown error's text, which could echo the value. */
const UNREADABLE_MESSAGE = "could not be read (a getter or Proxy trap threw)";

function describeType(value: unknown): string {
  if (typeof value === "object" && value !== null) return typeTag(value).slice(8, -1);
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
  // The keys leading to the value being walked; a path string is only built when there is an issue.
  const keys: Array<string | number> = [];
  const report = (message: string, key?: string | number): null => {
    if (issues.length < MAX_ISSUES) {
      let path = "";
      for (const k of keys) path = joinPath(path, k);
      issues.push({ path: key === undefined ? path : joinPath(path, key), message });
    }
    return null;
  };
  // Reads one entry; a getter or Proxy trap that throws is reported at the entry's path.
  const read = (value: object, key: string | number): unknown => {
    try {
      return (value as Record<string | number, unknown>)[key];
    } catch {
      report(UNREADABLE_MESSAGE, key);
      return UNREADABLE;
    }
  };
  const walkObject = (value: object, depth: number): unknown => {
    const isArray = Array.isArray(value);
    const proto = Object.getPrototypeOf(value) as unknown;
    if (!isArray && proto !== Object.prototype && proto !== null) {
      return report(`a ${describeType(value)} is not a plain JSON object`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) report("symbol keys are not JSON");
    ancestors.add(value);
    try {
      if (isArray) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const child = read(value, i);
          keys.push(i);
          out[i] = child === UNREADABLE ? null : walk(child, depth + 1);
          keys.pop();
        }
        return out;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const child = read(value, key);
        if (child === UNREADABLE) out[key] = null;
        if (child === UNREADABLE || child === undefined) continue;
        if (key === "__proto__") {
          // A schema would silently drop it (and a careless copy would set a prototype): say so instead.
          report('the key "__proto__" is not allowed; rename it', key);
          continue;
        }
        keys.push(key);
        out[key] = walk(child, depth + 1);
        keys.pop();
      }
      return out;
    } finally {
      ancestors.delete(value);
    }
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number")
      return Number.isFinite(value) ? value : report(`${value} is not a finite number`);
    if (value === undefined) return report("undefined is not JSON (leave the entry out, or use null)");
    if (typeof value !== "object") return report(`a ${describeType(value)} is not JSON`);
    if (ancestors.has(value)) return report("cyclic reference");
    if (depth > MAX_DEPTH) return report(`nested deeper than ${MAX_DEPTH} levels`);
    try {
      return walkObject(value, depth);
    } catch {
      // A revoked Proxy, or a trap that throws when asked for its prototype or keys.
      return report(UNREADABLE_MESSAGE);
    }
  };
  const value = walk(root, 0);
  return { issues, value };
}

/**
 * Copies JSON data that {@link inspectJson} checked (and a schema then parsed) into fresh, deeply frozen
 * objects. Copying into plain literals and freezing those is several times faster than freezing the
 * parser's own objects in place. Every object is a copy of its own, empty ones included: two fields
 * sharing one object would alias each other in a `structuredClone` of `toJSON()`. `__proto__` keys
 * never reach it, as {@link inspectJson} reports them.
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = frozenCopy(value[i] as unknown);
    return Object.freeze(out) as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) out[key] = frozenCopy(child);
  }
  return Object.freeze(out) as T;
}
