import { describe, expect, it } from "vitest";
import {
  CallbackEventSink,
  ContextSnapshot,
  Pipeline,
  PipelineFailedError,
  StageOutput,
  type PipelineResult,
  defineStage,
  type AnyStageflowEvent,
  type Plugin,
} from "../src/index.js";

/** Errors plugins raised, which core attaches to the result when there are any. */
const pluginErrorsOf = (result: PipelineResult): readonly Error[] => result.pluginErrors ?? [];

const optionalPlugin = (optional: readonly string[]): Plugin => ({
  name: "optional",
  onStageSettled: (stage, outcome) =>
    outcome.status === "fail" && optional.includes(stage.name) ? "tolerate" : undefined,
});

describe("plugins", () => {
  describe("tolerating a failure", () => {
    const flaky = defineStage({
      name: "flaky",
      execute: () => StageOutput.fail(new Error("profile service down")),
    });
    const reader = defineStage({
      name: "reader",
      execute: (ctx) => ({ sawFailure: ctx.inputs.get(flaky)?.status === "fail" }),
    });
    const broken = defineStage({
      name: "broken",
      execute: () => StageOutput.fail(new Error("required stage down")),
    });

    it("keeps the run going, runs dependents, and lets the run complete", async () => {
      const result = await new Pipeline("tolerate")
        .withStage(flaky)
        .withStage(reader, { dependsOn: [flaky] })
        .run(ContextSnapshot.create(), { plugins: [optionalPlugin(["flaky"])] });
      expect(result.status).toBe("completed");
      expect(result.stages.flaky?.status).toBe("fail");
      expect(result.stages.flaky?.error?.message).toBe("profile service down");
      expect(result.errors).toEqual([]);
      expect(result.output("reader")?.data).toEqual({ sawFailure: true });
    });

    it("does not hide a failure it was not asked to tolerate", async () => {
      const result = await new Pipeline("tolerate")
        .withStage(flaky)
        .withStage(broken)
        .run(ContextSnapshot.create(), { plugins: [optionalPlugin(["flaky"])] });
      expect(result.status).toBe("failed");
      expect(result.errors.map((e) => e.stage)).toEqual(["broken"]);
    });

    it("loses to another plugin's abort", async () => {
      const abort: Plugin = {
        name: "strict",
        onStageSettled: (_s, o) => (o.status === "fail" ? "abort" : undefined),
      };
      const result = await new Pipeline("tolerate")
        .withStage(flaky)
        .withStage(reader, { dependsOn: [flaky] })
        .run(ContextSnapshot.create(), { plugins: [optionalPlugin(["flaky"]), abort] });
      expect(result.status).toBe("failed");
      expect(result.stages.reader?.status).toBe("cancel");
      // A bare abort on a failure adds nothing to the stage's own error.
      expect(result.errors.map((e) => e.error.message)).toEqual(["profile service down"]);
    });

    it("records a reason a plugin gives on a failed stage beside the stage's own error", async () => {
      const reason = new Error("error budget spent");
      const result = await new Pipeline("tolerate")
        .withStage(flaky)
        .withStage(reader, { dependsOn: [flaky] })
        .run(ContextSnapshot.create(), {
          plugins: [{ name: "budget", onStageSettled: () => ({ abort: reason }) }],
        });
      expect(result.status).toBe("failed");
      expect(result.errors.map((e) => [e.stage, e.error.message])).toEqual([
        ["flaky", "profile service down"],
        ["flaky", "error budget spent"],
      ]);
    });
  });

  describe("stopping the run after a stage that succeeded", () => {
    const first = defineStage({ name: "first", execute: () => ({ topic: "a" }) });
    const second = defineStage({ name: "second", execute: () => ({ topic: "b" }) });
    const pipeline = new Pipeline("guarded").withStage(first).withStage(second, { dependsOn: [first] });

    async function runWith(plugin: Plugin) {
      const events: AnyStageflowEvent[] = [];
      const sink = new CallbackEventSink((event) => {
        events.push(event);
      });
      const result = await pipeline.run(ContextSnapshot.create(), { plugins: [plugin], eventSink: sink });
      return { result, end: events.find((e) => e.type === "pipeline.failed") };
    }

    it("records the plugin's reason in result.errors, throwIfFailed and the pipeline.failed event", async () => {
      const reason = new Error("conflicting topic");
      const { result, end } = await runWith({
        name: "guard",
        onStageSettled: (stage) => (stage.name === "first" ? { abort: reason } : undefined),
      });
      expect(result.status).toBe("failed");
      expect(result.stages.first?.status).toBe("ok");
      expect(result.stages.second?.status).toBe("cancel");
      expect(result.errors).toEqual([{ stage: "first", error: reason }]);
      expect(() => result.throwIfFailed()).toThrow(PipelineFailedError);
      expect(() => result.throwIfFailed()).toThrow(/"first" \(conflicting topic\)/);
      expect(end?.data).toMatchObject({
        status: "failed",
        failures: [{ stage: "first", error: { name: "Error", message: "conflicting topic" } }],
      });
    });

    it("names the plugin and the stage when the plugin gives no reason", async () => {
      const { result, end } = await runWith({
        name: "guard",
        onStageSettled: (stage) => (stage.name === "first" ? "abort" : undefined),
      });
      expect(result.status).toBe("failed");
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]?.stage).toBe("first");
      expect(result.errors[0]?.error.message).toBe(
        'Plugin "guard" stopped the run when stage "first" settled (ok)',
      );
      expect(end?.data).toMatchObject({ failures: [{ stage: "first" }] });
    });

    it("keeps a reason that is not an Error in the message of the error it records", async () => {
      const { result } = await runWith({
        name: "guard",
        onStageSettled: (stage) =>
          stage.name === "first" ? ({ abort: "quota exceeded" } as never) : undefined,
      });
      expect(result.errors[0]?.error.message).toBe(
        'Plugin "guard" stopped the run when stage "first" settled (ok): quota exceeded',
      );
    });

    it("reports an answer it does not know in pluginErrors and goes on as if there were none", async () => {
      const result = await pipeline.run(ContextSnapshot.create(), {
        plugins: [{ name: "shouty", onStageSettled: () => "ABORT" as never }],
      });
      expect(result.status).toBe("completed");
      expect(pluginErrorsOf(result).map((e) => e.message)).toEqual([
        'Plugin "shouty" answered onStageSettled for stage "first" with "ABORT"; expected { abort: error }, "abort", "tolerate", "continue" or undefined.',
        'Plugin "shouty" answered onStageSettled for stage "second" with "ABORT"; expected { abort: error }, "abort", "tolerate", "continue" or undefined.',
      ]);
    });

    it("ignores an abort key inherited through a prototype", async () => {
      const inherited = Object.create({ abort: new Error("from the prototype") }) as object;
      const result = await pipeline.run(ContextSnapshot.create(), {
        plugins: [{ name: "odd", onStageSettled: () => inherited as never }],
      });
      expect(result.status).toBe("completed");
      expect(pluginErrorsOf(result)).toHaveLength(2);
    });

    it("keeps the first aborting plugin's reason when several abort", async () => {
      const early = new Error("first guard");
      const result = await pipeline.run(ContextSnapshot.create(), {
        plugins: [
          { name: "a", onStageSettled: (s) => (s.name === "first" ? { abort: early } : undefined) },
          {
            name: "b",
            onStageSettled: (s) => (s.name === "first" ? { abort: new Error("later") } : undefined),
          },
        ],
      });
      expect(result.errors).toEqual([{ stage: "first", error: early }]);
    });
  });

  describe("the end event of a cancelled run", () => {
    it("carries the cancellation reason", async () => {
      const events: AnyStageflowEvent[] = [];
      const guard = defineStage({ name: "guard", execute: () => StageOutput.cancel("off-topic request") });
      const result = await new Pipeline("cancelling").withStage(guard).run(ContextSnapshot.create(), {
        eventSink: new CallbackEventSink((event) => {
          events.push(event);
        }),
      });
      expect(result.status).toBe("cancelled");
      const end = events.find((e) => e.type === "pipeline.cancelled");
      expect(end?.data).toMatchObject({
        status: "cancelled",
        reason: { message: expect.stringContaining("off-topic") },
      });
      expect(end?.data).not.toHaveProperty("failures");
    });

    it("lists a failure that happened while the run was being cancelled, as result.errors does", async () => {
      const events: AnyStageflowEvent[] = [];
      const guard = defineStage({ name: "guard", execute: () => StageOutput.cancel("off-topic request") });
      const writer = defineStage({
        name: "writer",
        execute: async (ctx) => {
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
          throw new Error("rollback failed");
        },
      });
      const result = await new Pipeline("cancelling")
        .withStage(writer)
        .withStage(guard)
        .run(ContextSnapshot.create(), {
          eventSink: new CallbackEventSink((event) => {
            events.push(event);
          }),
        });
      expect(result.status).toBe("cancelled");
      expect(result.errors.map((f) => [f.stage, f.error.message])).toEqual([["writer", "rollback failed"]]);
      const end = events.find((e) => e.type === "pipeline.cancelled");
      expect(end?.data).toMatchObject({
        reason: { message: expect.stringContaining("off-topic") },
        failures: [{ stage: "writer", error: { message: "rollback failed" } }],
      });
    });
  });
});
