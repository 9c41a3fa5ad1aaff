/**
 * @module Redaction of event payloads before they reach a sink.
 */
import type { AnyStageflowEvent } from "./eventTypes.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";

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

function mask(value: unknown, keys: ReadonlySet<string>, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH || seen.has(value)) return REDACTED;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v: unknown) => mask(v, keys, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = keys.has(norm(key))
      ? REDACTED
      : mask((value as Record<string, unknown>)[key], keys, depth + 1, seen);
    Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Builds the function a sink applies to each event before delivering it.
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
  return (event) => ({ ...event, data: mask(event.data, keys, 0, new WeakSet()) });
}
