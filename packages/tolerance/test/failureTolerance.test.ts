import {
  defineStage,
  InvalidOptionsError,
  Pipeline,
  StageOutput,
  type PipelineResult,
  type StageGraph,
} from "@stageflow/core";
import { createTestSnapshot, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { failureTolerance, FailureMode } from "../src/index.js";
import { pipelineOf, simpleStage } from "./helpers.js";

/** root → a ✗ → b → c, and root → d → e (unrelated to a). */
function chainWithSideBranch(ran: string[]): StageGraph {
  return pipelineOf("chain", [
    [simpleStage("root", false, ran), []],
    [simpleStage("a", true, ran), ["root"]],
    [simpleStage("b", false, ran), ["a"]],
    [simpleStage("c", false, ran), ["b"]],
    [simpleStage("d", false, ran), ["root"]],
    [simpleStage("e", false, ran), ["d"]],
  ]).build();
}

/** top → left ✗ / right ✓ → join, where join reports what it read from left. */
function diamond(ran: string[]): StageGraph {
  const join = defineStage({
    name: "join",
    execute(ctx) {
      ran.push("join");
      const left = ctx.inputs.get("left");
      return {
        leftStatus: left?.status,
        leftError: left?.error?.message,
        leftData: left?.data,
        right: ctx.inputs.get("right")?.data,
      };
    },
  });
  const left = defineStage({
    name: "left",
    execute() {
      ran.push("left");
      return StageOutput.fail(new Error("left broke"), { partial: [1, 2] });
    },
  });
  return new Pipeline("diamond")
    .withStage(simpleStage("top", false, ran))
    .withStage(left, { dependsOn: ["top"] })
    .withStage(simpleStage("right", false, ran), { dependsOn: ["top"] })
    .withStage(join, { dependsOn: ["left", "right"] })
    .build();
}

function statuses(result: PipelineResult): Record<string, string> {
  return Object.fromEntries(Object.entries(result.stages).map(([name, record]) => [name, record.status]));
}

describe("failureTolerance", () => {
  describe("CONTINUE_ON_FAILURE", () => {
    it("skips every stage downstream of a failure, naming the failed ancestor, and runs unrelated branches", async () => {
      const ran: string[] = [];
      const sink = new RecordingEventSink();
      const result = await chainWithSideBranch(ran).run(createTestSnapshot(), {
        eventSink: sink,
        plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
      });
      expect(result.status).toBe("failed");
      expect(statuses(result)).toEqual({ root: "ok", a: "fail", b: "skip", c: "skip", d: "ok", e: "ok" });
      expect(result.stages.b?.reason).toBe('upstream stage "a" failed');
      expect(result.stages.c?.reason).toBe('upstream stage "a" failed');
      expect(new Set(ran)).toEqual(new Set(["root", "a", "d", "e"]));
      expect(result.output("e")?.data).toBe("e");
      expect(result.output("root")?.data).toBe("root");
      expect(sink.ofType("stage.skipped").map((e) => [e.stage, e.data.reason])).toEqual([
        ["b", 'upstream stage "a" failed'],
        ["c", 'upstream stage "a" failed'],
      ]);
      sink.assertWellFormed();
    });

    it("skips the join of a diamond whose one parent failed while the other parent completes", async () => {
      const ran: string[] = [];
      const result = await diamond(ran).run(createTestSnapshot(), {
        plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
      });
      expect(statuses(result)).toEqual({ top: "ok", left: "fail", right: "ok", join: "skip" });
      expect(result.stages.join?.reason).toBe('upstream stage "left" failed');
      expect(ran).not.toContain("join");
      expect(result.output("right")?.data).toBe("right");
    });

    it("keeps blocking past a stage whose when condition skipped it", async () => {
      const ran: string[] = [];
      const result = await new Pipeline("when-gap")
        .withStage(simpleStage("a", true, ran))
        .withStage(simpleStage("b", false, ran), { dependsOn: ["a"], when: () => false })
        .withStage(simpleStage("c", false, ran), { dependsOn: ["b"] })
        .build()
        .run(createTestSnapshot(), {
          plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
        });
      expect(statuses(result)).toEqual({ a: "fail", b: "skip", c: "skip" });
      expect(result.stages.c?.reason).toBe('upstream stage "a" failed');
      expect(ran).toEqual(["a"]);
    });

    it("attaches a summary with every failure, what it blocked and every successful output", async () => {
      const result = await chainWithSideBranch([]).run(createTestSnapshot(), {
        plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
      });
      const summary = result.failureSummary;
      expect(summary).toBeDefined();
      expect(summary?.failures.map((f) => [f.stage, f.error.message, f.recoverable])).toEqual([
        ["a", "a broke", true],
      ]);
      expect(summary?.blockedStages).toEqual({ b: ["a"], c: ["a"] });
      expect(summary?.partialResults).toEqual({ root: "root", d: "d", e: "e" });
      expect(summary).toMatchObject({
        totalStages: 6,
        completedStages: 3,
        failedStages: 1,
        hasFailures: true,
        successRate: 0.5,
      });
    });
  });

  describe("BEST_EFFORT", () => {
    it("runs dependents of a failed stage, which read its fail output and partial data", async () => {
      const ran: string[] = [];
      const result = await diamond(ran).run(createTestSnapshot(), {
        plugins: [failureTolerance({ mode: FailureMode.BEST_EFFORT })],
      });
      expect(result.status).toBe("failed");
      expect(statuses(result)).toEqual({ top: "ok", left: "fail", right: "ok", join: "ok" });
      expect(result.output("join")?.data).toEqual({
        leftStatus: "fail",
        leftError: "left broke",
        leftData: { partial: [1, 2] },
        right: "right",
      });
      expect(result.failureSummary?.partialResults).toHaveProperty("join");
    });

    it("runs the whole downstream chain of a failure", async () => {
      const ran: string[] = [];
      const result = await chainWithSideBranch(ran).run(createTestSnapshot(), {
        plugins: [failureTolerance({ mode: FailureMode.BEST_EFFORT })],
      });
      expect(statuses(result)).toEqual({ root: "ok", a: "fail", b: "ok", c: "ok", d: "ok", e: "ok" });
      expect(new Set(ran)).toEqual(new Set(["root", "a", "b", "c", "d", "e"]));
    });
  });

  describe("FAIL_FAST", () => {
    it("leaves core's fail-fast behaviour unchanged and still reports the failure", async () => {
      const without = await chainWithSideBranch([]).run(createTestSnapshot());
      const sink = new RecordingEventSink();
      const withPlugin = await chainWithSideBranch([]).run(createTestSnapshot(), {
        eventSink: sink,
        plugins: [failureTolerance({ mode: FailureMode.FAIL_FAST })],
      });
      expect(withPlugin.status).toBe("failed");
      expect(statuses(withPlugin)).toEqual(statuses(without));
      expect(withPlugin.stages.b?.status).toBe("cancel");
      expect(withPlugin.failureSummary?.failures.map((f) => [f.stage, f.recoverable])).toEqual([
        ["a", false],
      ]);
      expect(sink.ofType("failure.recorded")).toHaveLength(1);
    });
  });

  it("emits one failure.recorded event per failure with the mode and the serialised error", async () => {
    const sink = new RecordingEventSink();
    await diamond([]).run(createTestSnapshot(), {
      eventSink: sink,
      plugins: [failureTolerance({ mode: FailureMode.BEST_EFFORT })],
    });
    const events = sink.ofType("failure.recorded");
    expect(events).toHaveLength(1);
    expect(events[0]?.stage).toBe("left");
    expect(events[0]?.data).toEqual({
      error: { name: "Error", message: "left broke" },
      recoverable: true,
      mode: "best_effort",
    });
  });

  it("keeps each concurrent run's failures apart when one plugin object serves them all", async () => {
    const plugin = failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE });
    const failing = chainWithSideBranch([]);
    const passing = pipelineOf("ok", [[simpleStage("only"), []]]).build();
    const [bad, good] = await Promise.all([
      failing.run(createTestSnapshot(), { plugins: [plugin] }),
      passing.run(createTestSnapshot(), { plugins: [plugin] }),
    ]);
    expect(bad.failureSummary?.failedStages).toBe(1);
    expect(good.failureSummary?.hasFailures).toBe(false);
    expect(good.failureSummary?.completedStages).toBe(1);
    expect(good.status).toBe("completed");
  });

  it("uses isRecoverable to classify failures, treating a throwing classifier as not recoverable", async () => {
    const classified = await diamond([]).run(createTestSnapshot(), {
      plugins: [
        failureTolerance({
          mode: FailureMode.BEST_EFFORT,
          isRecoverable: (error) => error.message.includes("left"),
        }),
      ],
    });
    expect(classified.failureSummary?.failures[0]?.recoverable).toBe(true);
    const broken = await diamond([]).run(createTestSnapshot(), {
      plugins: [
        failureTolerance({
          mode: FailureMode.BEST_EFFORT,
          isRecoverable: () => {
            throw new Error("classifier bug");
          },
        }),
      ],
    });
    expect(broken.failureSummary?.failures[0]?.recoverable).toBe(false);
    expect(broken.stages.join?.status).toBe("ok");
  });

  it("validates its options where they enter", () => {
    expect(() => failureTolerance({ mode: "best-effort" as FailureMode })).toThrow(
      /Did you mean "best_effort"/,
    );
    expect(() => failureTolerance({} as never)).toThrow(InvalidOptionsError);
    expect(() => failureTolerance({ mode: FailureMode.BEST_EFFORT, failure_mode: "x" } as never)).toThrow(
      /unknown option "failure_mode"/,
    );
  });
});

describe("a run stopped by another plugin's reason", () => {
  it("lists that reason in the summary and as a failure.recorded event, as result.errors does", async () => {
    const conflict = new Error("two retrievers disagree on tier");
    const guard = {
      name: "guard",
      onStageSettled: (stage: { name: string }) =>
        stage.name === "retrieve" ? { abort: conflict } : undefined,
    };
    const sink = new RecordingEventSink();
    const result = await new Pipeline("stopped")
      .withStage(defineStage({ name: "retrieve", execute: () => ({ tier: "gold" }) }))
      .withStage(defineStage({ name: "answer", execute: () => "never" }), { dependsOn: ["retrieve"] })
      .run(createTestSnapshot(), {
        plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE }), guard],
        eventSink: sink,
      });
    expect(result.status).toBe("failed");
    expect(result.errors).toEqual([{ stage: "retrieve", error: conflict }]);
    const summary = result.failureSummary;
    expect(summary?.hasFailures).toBe(true);
    expect(summary?.failures.map((f) => [f.stage, f.error, f.recoverable, f.context])).toEqual([
      ["retrieve", conflict, false, { stoppedRun: true }],
    ]);
    const recorded = sink.events.filter((e) => e.type === "failure.recorded");
    expect(recorded.map((e) => [e.stage, (e.data as { error: { message: string } }).error.message])).toEqual([
      ["retrieve", "two retrievers disagree on tier"],
    ]);
    expect(sink.events.at(-1)?.type).toBe("pipeline.failed");
  });

  it("does not list a stage's own failure twice", async () => {
    const result = await new Pipeline("once")
      .withStage(defineStage({ name: "a", execute: () => StageOutput.fail(new Error("a broke")) }))
      .run(createTestSnapshot(), { plugins: [failureTolerance({ mode: FailureMode.FAIL_FAST })] });
    expect(result.errors).toHaveLength(1);
    expect(result.failureSummary?.failures).toHaveLength(1);
  });
});
