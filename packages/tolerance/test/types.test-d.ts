import type { Interceptor, PipelineResult, Plugin, WhenCondition } from "@stageflow/core";
import { describe, expectTypeOf, it } from "vitest";
import type { CircuitBreakerInterceptor, ConditionalDependency } from "../src/index.js";
import { backpressure, failureTolerance, FailureMode, type FailureSummary } from "../src/index.js";

describe("types", () => {
  it("adds a typed failureSummary to every PipelineResult", () => {
    expectTypeOf<PipelineResult["failureSummary"]>().toEqualTypeOf<FailureSummary | undefined>();
    expectTypeOf<FailureSummary["failures"][number]["error"]>().toEqualTypeOf<Error>();
  });

  it("spells FailureMode as a union of its values", () => {
    expectTypeOf<FailureMode>().toEqualTypeOf<"fail_fast" | "continue_on_failure" | "best_effort">();
    expectTypeOf(FailureMode.BEST_EFFORT).toEqualTypeOf<"best_effort">();
  });

  it("plugs into core's contracts", () => {
    expectTypeOf(failureTolerance).returns.toEqualTypeOf<Plugin>();
    expectTypeOf(backpressure).returns.toEqualTypeOf<Plugin>();
    expectTypeOf<ConditionalDependency>().toMatchTypeOf<WhenCondition>();
    expectTypeOf<CircuitBreakerInterceptor>().toMatchTypeOf<Interceptor>();
  });

  it("rejects an unknown mode at compile time", () => {
    // @ts-expect-error "continue" is not a FailureMode
    failureTolerance({ mode: "continue" });
  });
});
