/**
 * @module Redaction of event payloads before they reach a sink.
 */
import type { AnyStageflowEvent } from "./eventTypes.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { isError, messageOf, nameOf, readSafely, toText } from "../internal/inspect.js";

/**
 * How a sink redacts events: a list of field names masked wherever they appear in `data` (compared
 * case-insensitively, `_` and `-` ignored, so `"apiKey"` also masks `api_key`), or a function that
 * returns the event to deliver (or `undefined` to drop it).
 */
export type Redactor = readonly string[] | ((event: AnyStageflowEvent) => AnyStageflowEvent | undefined);

/** What a masked value is replaced with. */
export const REDACTED = "[REDACTED]";

const norm = (key: string): string => key.toLowerCase().replace(/[_-]/g, "");
const MAX_DEPTH = 32;

/** What stands in for an object already being masked higher up the same path (a cycle). */
const CIRCULAR = "[Circular]";

/**
 * A copy of `value` with the fields in `keys` masked. Values with a JSON form of their own keep it
 * (a `Date` becomes its ISO text, an `Error` its name, message and code, a `Map` an object, a `Set`
 * an array), so redaction never turns data into `{}`. An object met twice on different paths is
 * copied twice; only one that contains itself is cut, as "[Circular]".
 */
function mask(value: unknown, keys: ReadonlySet<string>, depth: number, path: Set<object>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (path.has(value)) return CIRCULAR;
  if (depth > MAX_DEPTH) return REDACTED;
  path.add(value);
  try {
    return maskObject(value, keys, depth, path);
  } finally {
    path.delete(value);
  }
}

function maskObject(value: object, keys: ReadonlySet<string>, depth: number, path: Set<object>): unknown {
  const inner = (v: unknown): unknown => mask(v, keys, depth + 1, path);
  if (Array.isArray(value)) return value.map(inner);
  if (isError(value)) {
    const code = readSafely(value, "code");
    const plain: Record<string, unknown> = { name: nameOf(value), message: messageOf(value) };
    if (code !== undefined) plain.code = code;
    return maskEntries(Object.entries(plain), keys, inner);
  }
  if (value instanceof Set) return [...value].map(inner);
  if (value instanceof Map)
    return maskEntries(
      [...value].map(([k, v]) => [toText(k), v]),
      keys,
      inner,
    );
  const toJSON = readSafely(value, "toJSON");
  if (typeof toJSON === "function") {
    try {
      return inner((toJSON as () => unknown).call(value));
    } catch {
      return REDACTED;
    }
  }
  let names: string[];
  try {
    names = Object.keys(value);
  } catch {
    return REDACTED;
  }
  return maskEntries(
    names.map((key) => [key, readSafely(value, key)]),
    keys,
    inner,
  );
}

function maskEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
  keys: ReadonlySet<string>,
  inner: (v: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of entries) {
    const masked = keys.has(norm(key)) ? REDACTED : inner(child);
    Object.defineProperty(out, key, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Builds the function a sink applies to each event before delivering it. Masking copies `data`:
 * dates, errors, sets and maps keep their JSON form, an object shared by two fields is copied into
 * both, and only an object that contains itself is cut (as `"[Circular]"`).
 * @param redact - field names to mask, or a function
 * @param where - the sink's name, for errors
 * @returns a function returning the redacted event, or `undefined` to drop it
 * @throws {@link InvalidOptionsError} when `redact` is neither an array of strings nor a function
 * @example
 * ```ts
 * const apply = createRedactor(["apiKey", "email"], "MySink");
 * const safe = apply(event); // data.apiKey and any nested email are "[REDACTED]"
 * ```
 */
export function createRedactor(
  redact: Redactor | undefined,
  where: string,
): (event: AnyStageflowEvent) => AnyStageflowEvent | undefined {
  if (redact === undefined) return (event) => event;
  if (typeof redact === "function") return redact;
  if (!Array.isArray(redact) || !redact.every((k) => typeof k === "string")) {
    throw new InvalidOptionsError(
      where,
      "redact must be an array of field names or a function (event) => event.",
    );
  }
  const keys = new Set(redact.map(norm));
  // Masks inside `data` only: the envelope (type, runId, stage…) is needed to route events.
  return (event) => ({ ...event, data: mask(event.data, keys, 0, new Set()) });
}
