import { isStageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import * as tolerance from "../src/index.js";

describe("public surface", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(tolerance).sort()).toEqual([
      "BackpressureMonitor",
      "CircuitBreaker",
      "CircuitBreakerInterceptor",
      "CircuitOpenError",
      "CircuitState",
      "ConditionEvaluationError",
      "ConditionalDependency",
      "FailureCollector",
      "FailureMode",
      "LoadShedError",
      "backpressure",
      "failureTolerance",
      "isFailureMode",
      "resolveBackpressureConfig",
    ]);
  });

  it("makes its errors Stageflow errors with stable codes", () => {
    const shed = new tolerance.LoadShedError("s", { reason: "queue full", active: 1, queued: 2 });
    const open = new tolerance.CircuitOpenError("k", "s", 10);
    const cond = new tolerance.ConditionEvaluationError("c", new Error("x"));
    expect([shed.code, open.code, cond.code]).toEqual(["LOAD_SHED", "CIRCUIT_OPEN", "CONDITION_FAILED"]);
    expect([shed, open, cond].every((e) => isStageflowError(e))).toBe(true);
    expect([shed.name, open.name, cond.name]).toEqual([
      "LoadShedError",
      "CircuitOpenError",
      "ConditionEvaluationError",
    ]);
  });
});
