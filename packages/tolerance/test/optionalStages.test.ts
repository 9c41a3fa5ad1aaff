import { InvalidOptionsError } from "@stageflow/core";
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
  });
});
