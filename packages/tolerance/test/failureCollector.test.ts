import { InvalidOptionsError } from "@stageflow/core";
import { FakeClock } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { FailureCollector, FailureMode, failureTolerance } from "../src/index.js";

describe("FailureCollector", () => {
  it("says the mode goes first, on its own, when given an options object with a mode", () => {
    const options = { mode: FailureMode.BEST_EFFORT } as unknown as FailureMode;
    expect(() => new FailureCollector(options)).toThrow(InvalidOptionsError);
    expect(() => new FailureCollector(options)).toThrow(
      "FailureCollector: takes the mode itself as its first argument: new FailureCollector(FailureMode.CONTINUE_ON_FAILURE, { clock }).",
    );
  });

  it("points failure_mode to mode in failureTolerance", () => {
    expect(() => failureTolerance({ failure_mode: "best_effort" } as never)).toThrow(/Did you mean "mode"\?/);
  });

  it("defaults to FAIL_FAST and stops everything after the first failure", () => {
    const collector = new FailureCollector();
    expect(collector.mode).toBe(FailureMode.FAIL_FAST);
    expect(collector.shouldContinue("b", ["a"])).toBe(true);
    collector.recordFailure("x", new Error("boom"));
    expect(collector.shouldContinue("b", ["a"])).toBe(false);
    expect(collector.shouldContinue("c", [])).toBe(false);
  });

  it("blocks only stages downstream of a failure in CONTINUE_ON_FAILURE, transitively", () => {
    const collector = new FailureCollector(FailureMode.CONTINUE_ON_FAILURE);
    collector.recordFailure("a", new Error("a broke"));
    expect(collector.shouldContinue("unrelated", ["root"])).toBe(true);
    expect(collector.shouldContinue("b", ["a"])).toBe(false);
    expect(collector.blockersOf("b")).toEqual(["a"]);
    expect(collector.shouldContinue("c", ["b", "root"])).toBe(false);
    expect(collector.blockersOf("c")).toEqual(["a"]);
    expect(collector.blockersOf("unrelated")).toEqual([]);
  });

  it("names every failed ancestor when several branches failed", () => {
    const collector = new FailureCollector(FailureMode.CONTINUE_ON_FAILURE);
    collector.recordFailure("left", new Error("l"));
    collector.recordFailure("right", new Error("r"));
    expect(collector.failedAncestors(["left", "right"])).toEqual(["left", "right"]);
    expect(collector.shouldContinue("join", ["left", "right"])).toBe(false);
    expect(collector.blockersOf("join")).toEqual(["left", "right"]);
  });

  it("never blocks in BEST_EFFORT", () => {
    const collector = new FailureCollector(FailureMode.BEST_EFFORT);
    collector.recordFailure("a", new Error("a"));
    expect(collector.shouldContinue("b", ["a"])).toBe(true);
    expect(collector.blockersOf("b")).toEqual([]);
  });

  it("records failures with type, recoverability, context and a timestamp from its clock", () => {
    const clock = new FakeClock({ now: 1_000 });
    const collector = new FailureCollector(FailureMode.CONTINUE_ON_FAILURE, { clock });
    const record = collector.recordFailure("a", new TypeError("bad input"), {
      recoverable: true,
      context: { attempt: 2 },
    });
    expect(record).toMatchObject({
      stage: "a",
      errorType: "TypeError",
      timestamp: 1_000,
      recoverable: true,
      context: { attempt: 2 },
    });
    expect(Object.isFrozen(record)).toBe(true);
    const wrapped = collector.recordFailure("b", "plain string");
    expect(wrapped.error).toBeInstanceOf(Error);
    expect(wrapped.error.message).toBe("plain string");
    expect(wrapped.recoverable).toBe(false);
    expect(collector.hasFailures).toBe(true);
    expect(collector.failedStages).toEqual(["a", "b"]);
    expect(collector.failures.map((f) => f.stage)).toEqual(["a", "b"]);
  });

  it("summarises counts, success rate, blocked stages and partial results, with a JSON view", () => {
    const collector = new FailureCollector(FailureMode.CONTINUE_ON_FAILURE, { clock: new FakeClock() });
    collector.recordCompletion("a");
    collector.recordCompletion("b");
    collector.recordFailure("c", Object.assign(new Error("timeout"), { code: "STAGE_TIMEOUT" }));
    collector.shouldContinue("d", ["c"]);
    const summary = collector.getSummary(4, { a: 1, b: { x: 2 } });
    expect(summary).toMatchObject({
      mode: "continue_on_failure",
      totalStages: 4,
      completedStages: 2,
      failedStages: 1,
      successRate: 0.5,
      hasFailures: true,
      blockedStages: { d: ["c"] },
      partialResults: { a: 1, b: { x: 2 } },
    });
    const json = JSON.parse(JSON.stringify(summary)) as Record<string, unknown>;
    expect(json.failures).toEqual([
      {
        stage: "c",
        error: { name: "Error", message: "timeout", code: "STAGE_TIMEOUT" },
        errorType: "Error",
        timestamp: 0,
        recoverable: false,
        context: {},
      },
    ]);
    expect(json.successRate).toBe(0.5);
  });

  it("reports no failures and a zero success rate for an empty summary", () => {
    const summary = new FailureCollector().getSummary(0);
    expect(summary.hasFailures).toBe(false);
    expect(summary.successRate).toBe(0);
    expect(summary.failures).toEqual([]);
  });

  it("does not count a stage as completed once it has failed", () => {
    const collector = new FailureCollector(FailureMode.BEST_EFFORT);
    collector.recordFailure("a", new Error("x"));
    collector.recordCompletion("a");
    expect(collector.getSummary(1).completedStages).toBe(0);
  });

  it("rejects an unknown mode, naming the closest one", () => {
    expect(() => new FailureCollector("continue_on_failures" as FailureMode)).toThrow(InvalidOptionsError);
    expect(() => new FailureCollector("continue_on_failures" as FailureMode)).toThrow(
      /Did you mean "continue_on_failure"/,
    );
    expect(() => new FailureCollector(FailureMode.BEST_EFFORT, { clok: new FakeClock() } as never)).toThrow(
      /Did you mean "clock"/,
    );
  });
});
