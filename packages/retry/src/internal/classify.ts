/**
 * @module Which errors the retry interceptor treats as retryable, never retryable, or neither.
 * @internal
 */
import { isStageflowError } from "@stageflow/core";

/** Codes of the errors that are retried by default. */
const RETRYABLE_CODES = new Set(["TRANSIENT", "RATE_LIMITED", "SERVICE_UNAVAILABLE", "STAGE_TIMEOUT"]);

/** Codes that no predicate can make retryable: an explicit "no", or a bug another attempt repeats. */
const NEVER_CODES = new Set([
  "NON_RETRYABLE",
  "INVALID_STAGE_OUTPUT",
  "INTERCEPTOR_CONTRACT",
  "OPTION_CALLBACK_THREW",
  "PIPELINE_CANCELLED",
]);

/** Socket and DNS error codes (Node, undici) that usually clear up on their own. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EPIPE",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Messages of the `TypeError` each runtime's `fetch` throws when the network fails. */
const FETCH_FAILURES = new Set([
  "fetch failed", // Node (undici)
  "Failed to fetch", // Chromium
  "NetworkError when attempting to fetch resource.", // Firefox
  "Load failed", // Safari
  "Network request failed", // React Native
]);

/** HTTP statuses worth another attempt (timeouts, rate limits, gateway and server overloads). */
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

const MAX_CAUSE_DEPTH = 5;

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The value a stage threw, when core wrapped it in a `NonErrorThrownError` because it was not an
 * Error (`throw { status: 503 }`), so it is classified by what it is; any other value unchanged.
 */
function unwrapThrown(error: unknown): unknown {
  return isStageflowError(error) && error.code === "NON_ERROR_THROWN" ? field(error, "thrown") : error;
}

/** True for aborts and cancellations, which must end the stage rather than be retried. */
export function isAbort(error: unknown): boolean {
  const name = field(error, "name");
  return name === "AbortError";
}

/**
 * True for errors no predicate may retry: `NonRetryableError`, invalid outputs, aborts. A thrown
 * non-Error is judged by the value thrown.
 */
export function isNeverRetryable(error: unknown): boolean {
  const value = unwrapThrown(error);
  if (isAbort(value)) return true;
  return isStageflowError(value) && NEVER_CODES.has(value.code);
}

/** True for one error (not its causes) that looks transient. */
function looksTransient(error: unknown): boolean {
  if (isStageflowError(error)) return RETRYABLE_CODES.has(error.code);
  const code = field(error, "code");
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  if (error instanceof TypeError && FETCH_FAILURES.has(error.message)) return true;
  if (field(error, "name") === "TimeoutError") return true;
  const status = field(error, "status") ?? field(error, "statusCode");
  return typeof status === "number" && RETRYABLE_STATUS.has(status);
}

/**
 * The default answer to "should this error be retried?": the package's retryable errors,
 * `StageTimeoutError`, network failures (socket codes, `fetch` TypeErrors, on the error or any of
 * its causes) and HTTP-like errors with a retryable `status`. A thrown non-Error (core's
 * `NonErrorThrownError`) is judged by the value thrown, so `throw { status: 503 }` is retried.
 */
export function isRetryableByDefault(error: unknown): boolean {
  let current: unknown = unwrapThrown(error);
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth++) {
    if (looksTransient(current)) return true;
    // A Stageflow error's kind is decided by its code, not by whatever it wraps.
    if (isStageflowError(current)) return false;
    current = field(current, "cause");
  }
  return false;
}
