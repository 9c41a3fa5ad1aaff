// Compiled with `exactOptionalPropertyTypes: true` (tsconfig.base.json): every optional property of an
// options or config object must accept an explicit `undefined`, so values can be forwarded as they are.
import type { Clock, InterceptorContext, StageOutput } from "@stageflow/core";
import { describe, it } from "vitest";
import {
  backpressure,
  BackpressureMonitor,
  CircuitBreaker,
  CircuitBreakerInterceptor,
  CircuitOpenError,
  ConditionalDependency,
  FailureCollector,
  FailureMode,
  failureTolerance,
  type BackpressureConfig,
  type CircuitBreakerJSON,
  type CircuitBreakerOptions,
  type CircuitTransition,
  type SlidingWindowOptions,
} from "../src/index.js";
import { maybe } from "../../../tests/support/undefinedOptions.js";

describe("tolerance options accept an explicit undefined (exactOptionalPropertyTypes)", () => {
  it("CircuitBreaker, its calls and CircuitBreakerInterceptor", () => {
    const window: SlidingWindowOptions = {
      size: 10,
      failureRateThreshold: 0.5,
      minimumCalls: maybe<number>(),
    };
    const options: CircuitBreakerOptions = {
      failureThreshold: maybe<number>(),
      slidingWindow: maybe<SlidingWindowOptions>(),
      halfOpenAfterMs: maybe<number>(),
      halfOpenMaxProbes: maybe<number>(),
      successThreshold: maybe<number>(),
      initialState: maybe<CircuitBreakerJSON>(),
    };
    const breaker = new CircuitBreaker(options);
    new CircuitBreaker({ slidingWindow: window });
    breaker.tryAcquire("k", { now: 0, onTransition: maybe<(t: CircuitTransition) => void>() });
    breaker.recordFailure("k", { now: 0, probe: false, error: maybe<Error>(), onTransition: undefined });
    new CircuitBreakerInterceptor({
      breaker: maybe<CircuitBreaker | CircuitBreakerOptions>(),
      key: maybe<(ctx: InterceptorContext) => string>(),
      isFailure: maybe<(output: StageOutput) => boolean>(),
      priority: maybe<number>(),
    });
    new CircuitOpenError("k", "s", 0, { cause: maybe<Error>(), ran: maybe<boolean>() });
  });

  it("BackpressureMonitor, admit and the backpressure plugin", () => {
    const config: BackpressureConfig = {
      maxActiveStages: maybe<number>(),
      highWatermark: maybe<number>(),
      lowWatermark: maybe<number>(),
      latencyThresholdMs: maybe<number>(),
      queueSizeLimit: maybe<number>(),
      shedOnOverload: maybe<boolean>(),
      latencyWindowSize: maybe<number>(),
    };
    const monitor = new BackpressureMonitor(config);
    void monitor.admit({ signal: maybe<AbortSignal>(), priority: maybe<number>() });
    backpressure(monitor, { criticalPathFirst: maybe<boolean>() });
  });

  it("failureTolerance, FailureCollector and ConditionalDependency", () => {
    failureTolerance({
      mode: FailureMode.BEST_EFFORT,
      isRecoverable: maybe<(error: Error) => boolean>(),
      optional: maybe<string[]>(),
    });
    const collector = new FailureCollector(FailureMode.FAIL_FAST, { clock: maybe<Clock>() });
    collector.recordFailure("s", new Error("x"), {
      recoverable: maybe<boolean>(),
      context: maybe<Record<string, unknown>>(),
    });
    new ConditionalDependency("a.b", {
      skipOnFalse: maybe<boolean>(),
      equals: maybe<string>(),
      description: maybe<string>(),
    });
  });
});
