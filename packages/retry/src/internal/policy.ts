/**
 * @module Validates retry options and resolves the policy for each stage.
 * @internal
 */
import { assertKnownOptions, InvalidOptionsError } from "@stageflow/core";
import { BACKOFF_VALUES, BackoffStrategy } from "../backoffStrategy.js";
import { JITTER_VALUES, JitterStrategy } from "../jitterStrategy.js";
import type { RetryInterceptorOptions, RetryPolicy, RetryPolicyOptions } from "../retryOptions.js";
import { checkCount, checkFunction, checkMs, checkOneOf } from "./validate.js";

/** Keys of a policy (and of a per-stage override). */
export const POLICY_KEYS = [
  "maxAttempts",
  "baseDelayMs",
  "maxDelayMs",
  "backoff",
  "jitter",
  "retryOn",
  "respectRetryAfter",
  "maxRetryAfterMs",
  "maxElapsedMs",
  "random",
] as const;

/** Keys of the constructor's options. */
export const INTERCEPTOR_KEYS = [...POLICY_KEYS, "stages", "priority"] as const;

/** Merges `override` over `base` and validates the result, filling in defaults. */
export function resolvePolicy(
  where: string,
  base: RetryPolicyOptions,
  override: RetryPolicyOptions = {},
): RetryPolicy {
  const o = { ...base, ...stripUndefined(override) };
  const baseDelayMs = checkMs(where, "baseDelayMs", o.baseDelayMs ?? 1000);
  const maxDelayMs = checkMs(where, "maxDelayMs", o.maxDelayMs ?? 30_000);
  if (maxDelayMs < baseDelayMs) {
    throw new InvalidOptionsError(
      where,
      `maxDelayMs (${maxDelayMs}) must be ≥ baseDelayMs (${baseDelayMs}).`,
    );
  }
  const respectRetryAfter = o.respectRetryAfter ?? true;
  if (typeof respectRetryAfter !== "boolean") {
    throw new InvalidOptionsError(
      where,
      `respectRetryAfter must be a boolean, got ${typeof respectRetryAfter}.`,
    );
  }
  checkFunction(where, "retryOn", o.retryOn);
  checkFunction(where, "random", o.random);
  const maxAttempts = checkCount(where, "maxAttempts", o.maxAttempts ?? 3, true);
  const maxElapsedMs = checkMs(where, "maxElapsedMs", o.maxElapsedMs ?? Infinity, true);
  if (maxAttempts === Infinity && maxElapsedMs === Infinity) {
    throw new InvalidOptionsError(
      where,
      "maxAttempts: Infinity needs a finite maxElapsedMs, or the stage could retry forever.",
    );
  }
  return Object.freeze({
    maxAttempts,
    baseDelayMs,
    maxDelayMs,
    backoff: checkOneOf<BackoffStrategy>(
      where,
      "backoff",
      o.backoff ?? BackoffStrategy.EXPONENTIAL,
      BACKOFF_VALUES,
    ),
    jitter: checkOneOf<JitterStrategy>(where, "jitter", o.jitter ?? JitterStrategy.FULL, JITTER_VALUES),
    retryOn: o.retryOn,
    respectRetryAfter,
    maxRetryAfterMs: checkMs(where, "maxRetryAfterMs", o.maxRetryAfterMs ?? maxDelayMs, true),
    maxElapsedMs,
    random: o.random,
  });
}

function stripUndefined(options: RetryPolicyOptions): RetryPolicyOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** Validates the constructor's options; returns the default policy and every stage's policy (`false` = off). */
export function resolveAll(options: RetryInterceptorOptions): {
  readonly base: RetryPolicy;
  readonly stages: ReadonlyMap<string, RetryPolicy | false>;
} {
  const where = "RetryInterceptor";
  assertKnownOptions(where, options, INTERCEPTOR_KEYS);
  const { stages, priority: _priority, ...baseOptions } = options;
  const base = resolvePolicy(where, baseOptions);
  const resolved = new Map<string, RetryPolicy | false>();
  if (stages === undefined) return { base, stages: resolved };
  if (typeof stages !== "object" || stages === null || Array.isArray(stages)) {
    throw new InvalidOptionsError(
      where,
      "stages must be an object mapping stage names to options (or false).",
    );
  }
  for (const [stage, override] of Object.entries(stages)) {
    const at = `RetryInterceptor stages["${stage}"]`;
    if (override === false) {
      resolved.set(stage, false);
      continue;
    }
    assertKnownOptions(at, override, POLICY_KEYS);
    if (override === undefined) throw new InvalidOptionsError(at, "expected an options object or false.");
    resolved.set(stage, resolvePolicy(at, baseOptions, override));
  }
  return { base, stages: resolved };
}
