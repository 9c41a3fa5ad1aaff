/**
 * @module Finds how long a failed call was asked to wait (`Retry-After`) on an error or its cause.
 * @internal
 */

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function validMs(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Parses an HTTP `Retry-After` value: delay-seconds (`"120"`, `"1.5"`, or a number of seconds) or an
 * HTTP date, which is measured against `now`. A date in the past means "now" (0 ms).
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value === "number") return validMs(value * 1000);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return validMs(Number(text) * 1000);
  // Every HTTP date format carries an hh:mm:ss time; requiring it keeps Date.parse's leniency from
  // reading garbage such as "1 2" as a date.
  if (!/\d{1,2}:\d{2}:\d{2}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Reads a header from a `Headers`-like object (with `get`) or a plain record, case-insensitively. */
function header(headers: unknown, name: string): unknown {
  if (typeof headers !== "object" || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === "function") {
    const value: unknown = (get as (n: string) => unknown).call(headers, name);
    return value === null ? undefined : value;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? (value[0] as unknown) : value;
  }
  return undefined;
}

/** `retry-after-ms` (milliseconds, sent by some LLM providers) wins over `retry-after`. */
function fromHeaders(headers: unknown, now: number): number | undefined {
  const ms = header(headers, "retry-after-ms");
  if (ms !== undefined) {
    const parsed = validMs(typeof ms === "string" && ms.trim() !== "" ? Number(ms) : ms);
    if (parsed !== undefined) return parsed;
  }
  return parseRetryAfter(header(headers, "retry-after"), now);
}

/** Looks at one object: `retryAfterMs`, then `headers` / `response.headers`, then `retryAfter`. */
function fromOne(source: unknown, now: number): number | undefined {
  return (
    validMs(field(source, "retryAfterMs")) ??
    fromHeaders(field(source, "headers"), now) ??
    fromHeaders(field(field(source, "response"), "headers"), now) ??
    parseRetryAfter(field(source, "retryAfter"), now)
  );
}

/**
 * How long `error` asks the caller to wait, in milliseconds, or `undefined`: a `retryAfterMs` field
 * (as on `RateLimitError`), response headers (`retry-after-ms`, `retry-after` in seconds or as an
 * HTTP date), or an HTTP-style `retryAfter`; first on the error, then on its `cause`.
 */
export function retryAfterOf(error: unknown, now: number): number | undefined {
  return fromOne(error, now) ?? fromOne(field(error, "cause"), now);
}
