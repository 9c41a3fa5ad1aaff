import { describe, expect, it } from "vitest";
import {
  CycleDetectedError,
  InvalidOptionsError,
  InvalidSnapshotError,
  InvalidStageOutputError,
  isStageflowError,
  MissingContextValueError,
  NonErrorThrownError,
  OptionCallbackError,
  PipelineCancelledError,
  PipelineFailedError,
  PipelineValidationError,
  StageflowError,
  StageTimeoutError,
  UndeclaredDependencyError,
  serializeError,
} from "../src/index.js";

describe("errors", () => {
  const cause = new Error("root cause");
  const cases: Array<[Error, string, string]> = [
    [new PipelineValidationError("p", [{ message: "m" }]), "PipelineValidationError", "PIPELINE_VALIDATION"],
    [new CycleDetectedError("p", ["a", "b", "a"]), "CycleDetectedError", "CYCLE_DETECTED"],
    [new InvalidSnapshotError([{ path: "x", message: "bad" }]), "InvalidSnapshotError", "INVALID_SNAPSHOT"],
    [
      new InvalidStageOutputError("s", [{ path: "", message: "bad" }]),
      "InvalidStageOutputError",
      "INVALID_STAGE_OUTPUT",
    ],
    [new UndeclaredDependencyError("s", "t", []), "UndeclaredDependencyError", "UNDECLARED_DEPENDENCY"],
    [new StageTimeoutError("s", 5), "StageTimeoutError", "STAGE_TIMEOUT"],
    [new PipelineCancelledError("why", "s", cause), "PipelineCancelledError", "PIPELINE_CANCELLED"],
    [new PipelineFailedError("p", [{ stage: "s", error: cause }]), "PipelineFailedError", "PIPELINE_FAILED"],
    [new InvalidOptionsError("Where", "what"), "InvalidOptionsError", "INVALID_OPTIONS"],
    [new NonErrorThrownError("s", 1), "NonErrorThrownError", "NON_ERROR_THROWN"],
    [new MissingContextValueError("s", "k"), "MissingContextValueError", "MISSING_CONTEXT_VALUE"],
    [
      new OptionCallbackError({ owner: "O", option: "o", stage: "s", attempt: 1, thrown: cause }),
      "OptionCallbackError",
      "OPTION_CALLBACK_THREW",
    ],
  ];

  it.each(cases)("%s has an explicit name, a stable code and the Stageflow brand", (error, name, code) => {
    expect(error.name).toBe(name);
    expect((error as StageflowError).code).toBe(code);
    expect(isStageflowError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it("keeps the cause", () => {
    expect(new StageflowError("X", "m", { cause }).cause).toBe(cause);
    expect(new PipelineCancelledError("why", undefined, cause).cause).toBe(cause);
    expect("cause" in new StageflowError("X", "m")).toBe(false);
  });

  it("recognises Stageflow errors from another copy of the package by their brand", () => {
    const foreign = Object.assign(new Error("from another copy"), { code: "X" });
    Object.defineProperty(foreign, Symbol.for("stageflow.error"), { value: true });
    expect(isStageflowError(foreign)).toBe(true);
    expect(isStageflowError(new Error("plain"))).toBe(false);
    expect(isStageflowError({ code: "X" })).toBe(false);
    expect(isStageflowError(null)).toBe(false);
  });

  it("serialises errors and thrown values to plain JSON for events", () => {
    expect(serializeError(new StageTimeoutError("s", 5))).toEqual({
      name: "StageTimeoutError",
      message: expect.stringContaining("within 5 ms") as string,
      code: "STAGE_TIMEOUT",
    });
    expect(serializeError(new TypeError("t"))).toEqual({ name: "TypeError", message: "t" });
    expect(serializeError("text")).toEqual({ name: "NonError", message: "text" });
  });

  it("describes non-Error throws readably", () => {
    expect(new NonErrorThrownError("s", "x".repeat(300)).message).toContain("…");
    // Keys only: a message is not redacted, and a thrown object may carry secrets.
    const leaky = new NonErrorThrownError("s", { status: 503, headers: { authorization: "Bearer sk-1" } });
    expect(leaky.message).toContain("an object ([object Object] with keys status, headers)");
    expect(leaky.message).not.toContain("sk-1");
    expect(leaky.thrown).toEqual({ status: 503, headers: { authorization: "Bearer sk-1" } });
    expect(new NonErrorThrownError("s", {}).message).toContain("an object ([object Object])");
    expect(new NonErrorThrownError("s", new Map([[1, 2]])).message).toContain("an object ([object Map])");
    expect(new NonErrorThrownError("s", 42).message).toContain("threw number 42");
    expect(new NonErrorThrownError("s", null).message).toContain("threw null");
  });
});
