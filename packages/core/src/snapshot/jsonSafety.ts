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

/**
 * Walks a value and reports what JSON cannot carry (cycles, BigInt, functions, symbols, non-plain
 * objects, non-finite numbers) and nesting deeper than {@link MAX_DEPTH}, without recursing into a
 * cycle or past the depth limit. Stops after 50 issues so messages stay bounded.
 */
export function findJsonIssues(root: unknown, basePath: string): SnapshotIssue[] {
  const issues: SnapshotIssue[] = [];
  const ancestors = new Set<object>();
  const walk = (value: unknown, path: string, depth: number): void => {
    if (issues.length >= MAX_ISSUES) return;
    if (value === null || typeof value === "string" || typeof value === "boolean") return;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) issues.push({ path, message: `${value} is not a finite number` });
      return;
    }
    if (typeof value !== "object") {
      issues.push({ path, message: `a ${describeType(value)} is not JSON` });
      return;
    }
    if (ancestors.has(value)) {
      issues.push({ path, message: "cyclic reference" });
      return;
    }
    if (depth > MAX_DEPTH) {
      issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    const isArray = Array.isArray(value);
    if (!isArray && proto !== Object.prototype && proto !== null) {
      issues.push({ path, message: `a ${describeType(value)} is not a plain JSON object` });
      return;
    }
    ancestors.add(value);
    if (isArray) {
      for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, depth + 1);
    } else {
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        if (child === undefined) continue;
        walk(child, path === "" ? key : `${path}.${key}`, depth + 1);
      }
    }
    ancestors.delete(value);
  };
  walk(root, basePath, 0);
  return issues;
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
