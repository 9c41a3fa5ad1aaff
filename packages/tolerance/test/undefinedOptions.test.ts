import { ContextSnapshot, defineStage, Pipeline, StageOutput } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import {
  backpressure,
  BackpressureMonitor,
  CircuitBreaker,
  CircuitBreakerInterceptor,
  CircuitOpenError,
  CircuitState,
  ConditionalDependency,
  FailureCollector,
  FailureMode,
  failureTolerance,
  resolveBackpressureConfig,
  type AdmitOptions,
  type BackpressureConfig,
  type CircuitBreakerInterceptorOptions,
  type CircuitBreakerOptions,
  type ConditionalDependencyOptions,
  type FailureToleranceOptions,
  type RecordFailureOptions,
} from "../src/index.js";
import { simpleStage } from "./helpers.js";
import { variants, type AllUndefined } from "../../../tests/support/undefinedOptions.js";

const BREAKER: AllUndefined<CircuitBreakerOptions> = {
  failureThreshold: undefined,
  slidingWindow: undefined,
  halfOpenAfterMs: undefined,
  halfOpenMaxProbes: undefined,
  successThreshold: undefined,
  initialState: undefined,
};
const INTERCEPTOR: AllUndefined<CircuitBreakerInterceptorOptions> = {
  breaker: undefined,
  key: undefined,
  isFailure: undefined,
  priority: undefined,
};
const CONFIG: AllUndefined<BackpressureConfig> = {
  maxActiveStages: undefined,
  highWatermark: undefined,
  lowWatermark: undefined,
  latencyThresholdMs: undefined,
  queueSizeLimit: undefined,
  shedOnOverload: undefined,
  latencyWindowSize: undefined,
};
const CONDITION: AllUndefined<ConditionalDependencyOptions> = {
  skipOnFalse: undefined,
  equals: undefined,
  description: undefined,
};

describe("a tolerance option given as undefined is treated as absent", () => {
  describe("circuit breaking", () => {
    it.each(variants(BREAKER))(
      "CircuitBreaker { %s: undefined } opens after 5 failures for 30 s",
      (_, options) => {
        const breaker = new CircuitBreaker(options);
        for (let i = 0; i < 4; i++)
          breaker.recordFailure("k", { now: 0, probe: false, onTransition: undefined });
        expect(breaker.stateOf("k")).toBe(CircuitState.CLOSED);
        breaker.recordFailure("k", { now: 0, probe: false, error: undefined, onTransition: undefined });
        expect(breaker.stateOf("k")).toBe(CircuitState.OPEN);
        const permit = breaker.tryAcquire("k", { now: 0, onTransition: undefined });
        expect(permit).toEqual({ allowed: false, state: "open", retryAfterMs: 30_000, cause: undefined });
        // One probe at a time, and one success closes the circuit.
        expect(breaker.tryAcquire("k", { now: 30_000 })).toEqual({ allowed: true, probe: true });
        expect(breaker.tryAcquire("k", { now: 30_000 }).allowed).toBe(false);
        breaker.recordSuccess("k", { now: 30_000, probe: true });
        expect(breaker.stateOf("k")).toBe(CircuitState.CLOSED);
      },
    );

    it("a sliding window without minimumCalls judges only a full window", () => {
      const breaker = new CircuitBreaker({
        slidingWindow: { size: 4, failureRateThreshold: 0.5, minimumCalls: undefined },
      });
      for (let i = 0; i < 3; i++) breaker.recordFailure("k", { now: 0, probe: false });
      expect(breaker.stateOf("k")).toBe(CircuitState.CLOSED);
      breaker.recordFailure("k", { now: 0, probe: false });
      expect(breaker.stateOf("k")).toBe(CircuitState.OPEN);
    });

    it.each(variants(INTERCEPTOR))("CircuitBreakerInterceptor { %s: undefined }", async (_, options) => {
      const interceptor = new CircuitBreakerInterceptor(options);
      expect(interceptor.priority).toBe(250);
      expect(interceptor.breaker).toBeInstanceOf(CircuitBreaker);
      const result = await new Pipeline("p")
        .withStage(simpleStage("search", true), { interceptors: [interceptor] })
        .run(ContextSnapshot.create());
      expect(result.stages.search?.error?.message).toBe("search broke");
      // The circuit is keyed by the stage's name.
      expect(interceptor.breaker.failuresOf("search")).toBe(1);
    });

    it("CircuitOpenError { cause: undefined, ran: undefined } is a refusal without a cause", () => {
      const error = new CircuitOpenError("k", "s", 100, { cause: undefined, ran: undefined });
      expect(error.ran).toBe(false);
      expect("cause" in error).toBe(false);
      expect(error.message).toBe(new CircuitOpenError("k", "s", 100).message);
    });
  });

  describe("backpressure", () => {
    it.each(variants(CONFIG))("BackpressureMonitor { %s: undefined } has the default config", (_, config) => {
      expect(new BackpressureMonitor(config).config).toEqual(new BackpressureMonitor().config);
      expect(resolveBackpressureConfig(config)).toEqual(resolveBackpressureConfig());
    });

    it.each(variants<AllUndefined<AdmitOptions>>({ signal: undefined, priority: undefined }))(
      "admit({ %s: undefined }) admits",
      async (_, options) => {
        const monitor = new BackpressureMonitor({ maxActiveStages: 1 });
        await expect(monitor.admit(options)).resolves.toEqual({ admitted: true });
        expect(monitor.active).toBe(1);
      },
    );

    it("the plugin with { criticalPathFirst: undefined } and a config of undefined values", async () => {
      const result = await new Pipeline("p")
        .withStage(simpleStage("a"))
        .withStage(simpleStage("b"), { dependsOn: ["a"] })
        .run(ContextSnapshot.create(), { plugins: [backpressure(CONFIG, { criticalPathFirst: undefined })] });
      expect(result.status).toBe("completed");
    });
  });

  describe("failure tolerance", () => {
    it.each(
      variants<AllUndefined<FailureToleranceOptions>>({ isRecoverable: undefined, optional: undefined }),
    )(
      "failureTolerance({ mode, %s: undefined }) continues and records recoverable failures",
      async (_, options) => {
        const result = await new Pipeline("p")
          .withStage(simpleStage("bad", true))
          .withStage(simpleStage("good"))
          .run(ContextSnapshot.create(), {
            plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE, ...options })],
          });
        expect(result.stages.good?.status).toBe("ok");
        expect(result.failureSummary?.failures.map((f) => [f.stage, f.recoverable])).toEqual([["bad", true]]);
      },
    );

    it("FailureCollector with { clock: undefined } and records with undefined options", () => {
      const before = Date.now();
      const collector = new FailureCollector(FailureMode.FAIL_FAST, { clock: undefined });
      const options: AllUndefined<RecordFailureOptions> = { recoverable: undefined, context: undefined };
      const record = collector.recordFailure("s", new Error("x"), options);
      expect(record.recoverable).toBe(false);
      expect(record.context).toEqual({});
      expect(record.timestamp).toBeGreaterThanOrEqual(before);
    });
  });

  describe("ConditionalDependency", () => {
    const outputs = (value: unknown) => ({ classify: StageOutput.ok({ intent: value }) });

    it.each(variants(CONDITION))(
      "a path with { %s: undefined } tests for truthiness and skips",
      (_, options) => {
        const when = new ConditionalDependency("classify.intent", options);
        expect(when.evaluate(outputs("search"))).toBe(true);
        expect(when.evaluate(outputs(""))).toBe(false);
        expect(when.evaluate(outputs(undefined))).toBe(false);
        expect(when.skipOnFalse).toBe(true);
        expect(when.description).toBe("classify.intent");
      },
    );

    it.each(variants(CONDITION))("a predicate with { %s: undefined } is accepted", (_, options) => {
      const when = new ConditionalDependency(() => false, options);
      expect(when.evaluate({})).toBe(false);
      expect(when.description).toBe("predicate");
    });

    it("skips its stage in a run", async () => {
      const result = await new Pipeline("p")
        .withStage(defineStage({ name: "classify", execute: () => ({ intent: "" }) }))
        .withStage(simpleStage("search"), {
          dependsOn: ["classify"],
          when: new ConditionalDependency("classify.intent", CONDITION),
        })
        .run(ContextSnapshot.create());
      expect(result.stages.search?.status).toBe("skip");
    });
  });
});
