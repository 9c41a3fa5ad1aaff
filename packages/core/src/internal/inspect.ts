/**
 * @module Reads values that stages, plugins and callers throw or pass as reasons without ever
 * throwing itself. A thrown value may be a Proxy whose traps throw, a revoked Proxy, or an object
 * whose getters (`message`, `Symbol.toStringTag`, `toString`) throw; describing such a value must
 * not turn into a second failure that escapes the run.
 * @internal
 */

/** `value instanceof Error`, or `false` when asking throws (a revoked Proxy, a throwing trap). */
export function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

/** Reads `value[key]`, or `undefined` when the read throws. */
export function readSafely(value: object, key: PropertyKey): unknown {
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The object's type tag (`[object Date]`), or `[object Object]` when computing it throws. */
export function typeTag(value: object): string {
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return "[object Object]";
  }
}

/**
 * `String(value)` for text in a message; a type description when the conversion throws or the
 * value is an object (whose `toString` may print what it holds).
 */
export function toText(value: unknown): string {
  if (typeof value === "object" && value !== null) return typeTag(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** An error's message; a description of the value when it has no readable string message. */
export function messageOf(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const message = readSafely(error, "message");
    if (typeof message === "string") return message;
  }
  return toText(error);
}

/** An error's name, or `"Error"` when it has no readable string name. */
export function nameOf(error: object): string {
  const name = readSafely(error, "name");
  return typeof name === "string" ? name : "Error";
}

/**
 * Names a value's type for a message without showing the value: `a plain object`, `a string`,
 * `an array`, `a Map`, `null`. Never throws.
 */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return `a ${typeof value}`;
  let array = false;
  try {
    array = Array.isArray(value);
  } catch {
    // A revoked Proxy: described by its tag below.
  }
  if (array) return "an array";
  const tag = typeTag(value).slice(8, -1);
  return tag === "Object" ? "a plain object" : `a ${tag}`;
}
