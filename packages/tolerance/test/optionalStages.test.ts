import { InvalidOptionsError, isStageflowError } from "@stageflow/core";
import { createTestSnapshot, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { failureTolerance, FailureMode } from "../src/index.js";
import { pipelineOf, simpleStage } from "./helpers.js";

/** root → profile ✗ (optional) → answer → reply, and root → memory → answer. */
function chat(ran: string[]) {
  return pipelineOf("chat", [
    [simpleStage("root", false, ran), []],
    [simpleStage("profile", true, ran), ["root"]],
    [simpleStage("memory", false, ran), ["root"]],
    [simpleStage("answer", false, ran), ["profile", "memory"]],
    [simpleStage("reply", false, ran), ["answer"]],
  ]).build();
}

describe("failureTolerance", () => {
  describe("optional stages", () => {
    it.each([FailureMode.FAIL_FAST, FailureMode.CONTINUE_ON_FAILURE, FailureMode.BEST_EFFORT])(
      "in %s, a failed optional stage's dependents run and the run completes",
      async (mode) => {
        const ran: string[] = [];
        const sink = new RecordingEventSink();
        const result = await chat(ran).run(createTestSnapshot(), {
          eventSink: sink,
          plugins: [failureTolerance({ mode, optional: ["profile"] })],
        });
        expect(result.status).toBe("completed");
        expect(result.stages.profile?.status).toBe("fail");
        expect(result.stages.answer?.status).toBe("ok");
        expect(result.stages.reply?.status).toBe("ok");
        expect(result.errors).toEqual([]);
        expect(result.failureSummary?.failures.map((f) => [f.stage, f.recoverable])).toEqual([
          ["profile", true],
        ]);
        expect(sink.ofType("failure.recorded").map((e) => e.stage)).toEqual(["profile"]);
      },
    );

    it("still applies the mode to stages that are not optional", async () => {
      const ran: string[] = [];
      const result = await chat(ran).run(createTestSnapshot(), {
        plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE, optional: ["memory"] })],
      });
      expect(result.status).toBe("failed");
      expect(result.stages.answer?.status).toBe("skip");
      expect(result.stages.answer?.reason).toContain("profile");
    });

    it("rejects an optional list that is not stage names", () => {
      expect(() => failureTolerance({ mode: FailureMode.FAIL_FAST, optional: "profile" as never })).toThrow(
        InvalidOptionsError,
      );
      expect(() => failureTolerance({ mode: FailureMode.FAIL_FAST, optionals: [] } as never)).toThrow(
        /did you mean "optional"/i,
      );
    });

    it("rejects the run before any stage starts when an optional name is not a stage, naming the closest", async () => {
      const ran: string[] = [];
      const sink = new RecordingEventSink();
      const run = chat(ran).run(createTestSnapshot(), {
        eventSink: sink,
        plugins: [failureTolerance({ mode: FailureMode.BEST_EFFORT, optional: ["profle"] })],
      });
      const error: unknown = await run.then(
        () => expect.unreachable("the run should be rejected"),
        (e: unknown) => e,
      );
      expect(isStageflowError(error) && error.code).toBe("PLUGIN_ERROR");
      expect((error as Error).message).toContain(
        'failureTolerance: optional names "profle", which is not a stage of pipeline "chat". Did you mean "profile"?',
      );
      expect((error as Error).cause).toBeInstanceOf(InvalidOptionsError);
      expect(ran).toEqual([]);
      expect(sink.ofType("stage.started")).toEqual([]);
    });

    it("names every misspelt optional stage, and accepts names of stages other pipelines have", async () => {
      const graph = chat([]);
      const bad = failureTolerance({
        mode: FailureMode.FAIL_FAST,
        optional: ["profile", "memroy", "prfile"],
      });
      await expect(graph.run(createTestSnapshot(), { plugins: [bad] })).rejects.toThrow(
        /"memroy", which is not a stage of pipeline "chat". Did you mean "memory"\? optional names "prfile", which is not a stage of pipeline "chat". Did you mean "profile"\?$/,
      );
      // One plugin object shared by pipelines: a name with no stage near it belongs to another pipeline.
      const shared = failureTolerance({ mode: FailureMode.FAIL_FAST, optional: ["profile", "suggestions"] });
      for (let i = 0; i < 2; i++) {
        const result = await graph.run(createTestSnapshot(), { plugins: [shared] });
        expect(result.status).toBe("completed");
      }
    });
  });
});
