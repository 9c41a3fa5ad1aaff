import type { StageOutput } from "@stageflow/core";
import type { JitterStrategy } from "@stageflow/retry";
import {
  BackoffStrategy,
  RetryInterceptor,
  type RetryInterceptorOptions,
  type RetryPolicy,
  type RetryPredicate,
} from "@stageflow/retry";
import { describe, expectTypeOf, it } from "vitest";

describe("@stageflow/retry types", () => {
  it("types the strategies as unions of their lowercase values", () => {
    expectTypeOf<BackoffStrategy>().toEqualTypeOf<"exponential" | "linear" | "constant">();
    expectTypeOf<JitterStrategy>().toEqualTypeOf<"none" | "full" | "equal" | "decorrelated">();
    expectTypeOf(BackoffStrategy.LINEAR).toEqualTypeOf<"linear">();
  });

  it("hands retryOn an error or an output and the attempt number", () => {
    expectTypeOf<Parameters<RetryPredicate>>().toEqualTypeOf<
      [failure: Error | StageOutput, attempt: number]
    >();
    expectTypeOf<ReturnType<RetryPredicate>>().toEqualTypeOf<boolean | undefined>();
  });

  it("rejects misspelled options and unknown strategies at compile time", () => {
    // @ts-expect-error: Python spelling
    new RetryInterceptor({ max_attempts: 3 });
    // @ts-expect-error: strategies are lowercase values
    new RetryInterceptor({ backoff: "EXPONENTIAL" });
    // @ts-expect-error: priority is instance-wide, not per stage
    new RetryInterceptor({ stages: { llm: { priority: 1 } } });
    expectTypeOf<RetryInterceptorOptions["stages"]>().toExtend<
      Readonly<Record<string, object | false>> | undefined
    >();
  });

  it("returns the resolved policy, or undefined for a stage with retrying off", () => {
    expectTypeOf(new RetryInterceptor().policyFor("llm")).toEqualTypeOf<RetryPolicy | undefined>();
  });
});
