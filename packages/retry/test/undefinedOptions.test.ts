import { ContextSnapshot, defineStage, Pipeline } from "@stageflow/core";
import {
  computeRetryDelay,
  NonRetryableError,
  RateLimitError,
  RetryInterceptor,
  ServiceUnavailableError,
  TransientError,
  type RetryDelayInput,
  type RetryInterceptorOptions,
  type RetryPolicyOptions,
} from "@stageflow/retry";
import { FakeClock } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { INTERCEPTOR_KEYS, POLICY_KEYS } from "../src/internal/policy.js";
import { variants, type AllUndefined } from "../../../tests/support/undefinedOptions.js";

const POLICY: AllUndefined<RetryPolicyOptions> = {
  maxAttempts: undefined,
  baseDelayMs: undefined,
  maxDelayMs: undefined,
  backoff: undefined,
  jitter: undefined,
  retryOn: undefined,
  respectRetryAfter: undefined,
  maxRetryAfterMs: undefined,
  maxElapsedMs: undefined,
  random: undefined,
};
const OPTIONS: AllUndefined<RetryInterceptorOptions> = { ...POLICY, stages: undefined, priority: undefined };

describe("a retry option given as undefined is treated as absent", () => {
  it("the lists cover every option the constructor accepts", () => {
    expect(Object.keys(POLICY).sort()).toEqual([...POLICY_KEYS].sort());
    expect(Object.keys(OPTIONS).sort()).toEqual([...INTERCEPTOR_KEYS].sort());
  });

  it.each(variants(OPTIONS))("new RetryInterceptor({ %s: undefined }) has the defaults", (_, options) => {
    const retry = new RetryInterceptor(options);
    expect(retry.priority).toBe(200);
    expect(retry.policyFor("llm")).toEqual(new RetryInterceptor().policyFor("llm"));
  });

  it.each(variants(POLICY))("a stage override { %s: undefined } keeps the base value", (_, override) => {
    const base = {
      maxAttempts: 5,
      baseDelayMs: 10,
      maxDelayMs: 100,
      backoff: "linear",
      jitter: "none",
      retryOn: () => undefined,
      respectRetryAfter: false,
      maxRetryAfterMs: 50,
      maxElapsedMs: 10_000,
      random: () => 0.5,
    } as const satisfies RetryPolicyOptions;
    const retry = new RetryInterceptor({ ...base, stages: { llm: override } });
    expect(retry.policyFor("llm")).toEqual(retry.policyFor("other"));
    expect(retry.policyFor("llm")).toMatchObject(base);
  });

  it("retries a failing stage three times by default", async () => {
    let calls = 0;
    const stage = defineStage({
      name: "flaky",
      execute: () => {
        calls++;
        throw new TransientError("down", { cause: undefined, retryAfterMs: undefined });
      },
    });
    const clock = new FakeClock();
    const running = new Pipeline("p")
      .withStage(stage, { interceptors: [new RetryInterceptor(OPTIONS)] })
      .run(ContextSnapshot.create(), { clock });
    await clock.runAll();
    const result = await running;
    expect(result.status).toBe("failed");
    expect(calls).toBe(3);
  });

  it.each(variants<AllUndefined<RetryDelayInput>>({ previousDelayMs: undefined, random: undefined }))(
    "computeRetryDelay({ …, %s: undefined }) equals the call without it",
    (_, extra) => {
      const input = {
        attempt: 2,
        baseDelayMs: 100,
        maxDelayMs: 10_000,
        backoff: "exponential",
        jitter: "none",
      } as const;
      expect(computeRetryDelay({ ...input, ...extra })).toBe(computeRetryDelay(input));
      expect(computeRetryDelay({ ...input, ...extra, jitter: "decorrelated", random: () => 0 })).toBe(100);
    },
  );

  it("the errors' options: no retryAfterMs and no cause", () => {
    for (const error of [
      new TransientError("x", { cause: undefined, retryAfterMs: undefined }),
      new RateLimitError("x", { cause: undefined, retryAfterMs: undefined }),
      new ServiceUnavailableError("x", { cause: undefined, retryAfterMs: undefined }),
    ]) {
      expect(error.retryAfterMs).toBeUndefined();
      expect("cause" in error).toBe(false);
    }
    expect("cause" in new NonRetryableError("x", { cause: undefined })).toBe(false);
  });
});
