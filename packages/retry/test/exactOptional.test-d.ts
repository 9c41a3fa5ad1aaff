// Compiled with `exactOptionalPropertyTypes: true` (tsconfig.base.json): every optional property of an
// options object must accept an explicit `undefined`, so values can be forwarded as they are.
import type { RandomSource } from "@stageflow/core";
import {
  computeRetryDelay,
  NonRetryableError,
  RateLimitError,
  RetryInterceptor,
  ServiceUnavailableError,
  TransientError,
  type BackoffStrategy,
  type JitterStrategy,
  type RetryInterceptorOptions,
  type RetryPolicyOptions,
  type RetryPredicate,
} from "@stageflow/retry";
import { describe, it } from "vitest";
import { maybe } from "../../../tests/support/undefinedOptions.js";

describe("retry options accept an explicit undefined (exactOptionalPropertyTypes)", () => {
  it("RetryInterceptor, its policy and per-stage overrides", () => {
    const policy: RetryPolicyOptions = {
      maxAttempts: maybe<number>(),
      baseDelayMs: maybe<number>(),
      maxDelayMs: maybe<number>(),
      backoff: maybe<BackoffStrategy>(),
      jitter: maybe<JitterStrategy>(),
      retryOn: maybe<RetryPredicate>(),
      respectRetryAfter: maybe<boolean>(),
      maxRetryAfterMs: maybe<number>(),
      maxElapsedMs: maybe<number>(),
      random: maybe<RandomSource>(),
    };
    const options: RetryInterceptorOptions = {
      ...policy,
      stages: maybe<Record<string, RetryPolicyOptions | false>>(),
      priority: maybe<number>(),
    };
    new RetryInterceptor(options);
    new RetryInterceptor({ baseDelayMs: maybe<number>(), stages: { llm: { maxAttempts: maybe<number>() } } });
  });

  it("computeRetryDelay and the errors' options", () => {
    computeRetryDelay({
      attempt: 1,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      backoff: "exponential",
      jitter: "none",
      previousDelayMs: maybe<number>(),
      random: maybe<RandomSource>(),
    });
    new TransientError("x", { cause: maybe<Error>(), retryAfterMs: maybe<number>() });
    new RateLimitError("x", { retryAfterMs: maybe<number>() });
    new ServiceUnavailableError("x", { retryAfterMs: maybe<number>() });
    new NonRetryableError("x", { cause: maybe<Error>() });
  });
});
