import { InvalidOptionsError, isStageflowError } from "@stageflow/core";
import {
  NonRetryableError,
  RateLimitError,
  RetryInterceptor,
  ServiceUnavailableError,
  TransientError,
} from "@stageflow/retry";
import { describe, expect, it } from "vitest";

describe("RetryInterceptor options", () => {
  it("fills in the documented defaults and sits at priority 200", () => {
    const retry = new RetryInterceptor();
    expect(retry.name).toBe("retry");
    expect(retry.priority).toBe(200);
    expect(retry.policyFor("any")).toEqual({
      maxAttempts: 3,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      backoff: "exponential",
      jitter: "full",
      retryOn: undefined,
      respectRetryAfter: true,
      maxRetryAfterMs: 30_000,
      maxElapsedMs: Infinity,
      random: undefined,
    });
  });

  it("names the camelCase option for a Python-style key", () => {
    expect(() => new RetryInterceptor({ max_attempts: 5 } as never)).toThrow(InvalidOptionsError);
    expect(() => new RetryInterceptor({ max_attempts: 5 } as never)).toThrow(
      /unknown option "max_attempts"\. Did you mean "maxAttempts"\?/,
    );
    expect(() => new RetryInterceptor({ respect_retry_after: true } as never)).toThrow(
      /Did you mean "respectRetryAfter"/,
    );
  });

  it("validates per-stage overrides with the stage named in the message", () => {
    expect(() => new RetryInterceptor({ stages: { llm: { base_delay_ms: 1 } as never } })).toThrow(
      /RetryInterceptor stages\["llm"\]: unknown option "base_delay_ms"\. Did you mean "baseDelayMs"\?/,
    );
    expect(() => new RetryInterceptor({ stages: { llm: { priority: 1 } as never } })).toThrow(
      /unknown option "priority"/,
    );
    expect(
      () =>
        new RetryInterceptor({ baseDelayMs: 100, maxDelayMs: 500, stages: { llm: { baseDelayMs: 800 } } }),
    ).toThrow(/stages\["llm"\]: maxDelayMs \(500\) must be ≥ baseDelayMs \(800\)/);
  });

  it("rejects values that cannot work, saying what is expected", () => {
    expect(() => new RetryInterceptor({ maxAttempts: 0 })).toThrow(
      /maxAttempts must be an integer ≥ 1, got 0/,
    );
    expect(() => new RetryInterceptor({ maxAttempts: 2.5 })).toThrow(/maxAttempts/);
    expect(() => new RetryInterceptor({ baseDelayMs: -1 })).toThrow(
      /baseDelayMs must be a finite number ≥ 0/,
    );
    expect(() => new RetryInterceptor({ backoff: "exp" as never })).toThrow(/backoff must be one of/);
    expect(() => new RetryInterceptor({ jitter: "Full" as never })).toThrow(/Did you mean "full"/);
    expect(() => new RetryInterceptor({ retryOn: "network" as never })).toThrow(/retryOn must be a function/);
    expect(() => new RetryInterceptor({ respectRetryAfter: "yes" as never })).toThrow(
      /respectRetryAfter must be a boolean/,
    );
    expect(() => new RetryInterceptor({ priority: Number.NaN })).toThrow(/priority must be a finite number/);
    expect(() => new RetryInterceptor({ stages: [] as never })).toThrow(/stages must be an object/);
    expect(() => new RetryInterceptor("fast" as never)).toThrow(/expected an options object/);
  });

  it("accepts an unbounded attempt budget together with an overall deadline", () => {
    const retry = new RetryInterceptor({ maxAttempts: Infinity, maxElapsedMs: 60_000 });
    expect(retry.policyFor("x")).toMatchObject({ maxAttempts: Infinity, maxElapsedMs: 60_000 });
    expect(() => new RetryInterceptor({ maxAttempts: Infinity })).toThrow(/needs a finite maxElapsedMs/);
  });
});

describe("retry errors", () => {
  it("extend StageflowError with stable codes and names", () => {
    const cases = [
      [new TransientError("t"), "TRANSIENT", "TransientError"],
      [new RateLimitError("r", { retryAfterMs: 1000 }), "RATE_LIMITED", "RateLimitError"],
      [new ServiceUnavailableError("s"), "SERVICE_UNAVAILABLE", "ServiceUnavailableError"],
      [new NonRetryableError("n"), "NON_RETRYABLE", "NonRetryableError"],
    ] as const;
    for (const [error, code, name] of cases) {
      expect(isStageflowError(error)).toBe(true);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(Error);
    }
  });

  it("keep a valid retryAfterMs and their cause, and drop an unusable wait", () => {
    const response = { status: 429 };
    const error = new RateLimitError("slow down", { retryAfterMs: 1500, cause: response });
    expect(error.retryAfterMs).toBe(1500);
    expect(error.cause).toBe(response);
    expect(new RateLimitError("x", { retryAfterMs: Number.NaN }).retryAfterMs).toBeUndefined();
    expect(new RateLimitError("x", { retryAfterMs: -5 }).retryAfterMs).toBeUndefined();
  });

  it("reject unknown constructor options", () => {
    expect(() => new RateLimitError("x", { retry_after_ms: 5 } as never)).toThrow(
      /Did you mean "retryAfterMs"/,
    );
    expect(() => new NonRetryableError("x", { reason: "y" } as never)).toThrow(/unknown option "reason"/);
  });
});
