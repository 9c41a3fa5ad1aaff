import { defineStage, InvalidOptionsError, Pipeline, StageOutput, type AnyStage } from "@stageflow/core";
import { createTestSnapshot, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  ConditionalDependency,
  ConditionEvaluationError,
  failureTolerance,
  FailureMode,
} from "../src/index.js";

const classify = (data: unknown): AnyStage =>
  defineStage({ name: "classify", execute: () => StageOutput.ok(data) });

function conditional(when: ConditionalDependency, ran: string[]): Pipeline {
  const search = defineStage({
    name: "search",
    execute(ctx) {
      ran.push("search");
      return { raw: when.test(ctx.inputs) };
    },
  });
  const answer = defineStage({
    name: "answer",
    execute(ctx) {
      ran.push("answer");
      return { searched: ctx.inputs.get("search")?.status };
    },
  });
  return new Pipeline("conditional")
    .withStage(classify({ intent: "search", route: { needsSearch: true, depth: 0 } }))
    .withStage(search, { dependsOn: ["classify"], when })
    .withStage(answer, { dependsOn: ["search"] });
}

describe("ConditionalDependency", () => {
  describe("evaluate", () => {
    const outputs = {
      classify: StageOutput.ok({ intent: "search", nested: { flag: false, n: 0 } }),
      pruned: undefined,
    };

    it("reads a stage.key path for truthiness, nested paths included", () => {
      expect(new ConditionalDependency("classify.intent").evaluate(outputs)).toBe(true);
      expect(new ConditionalDependency("classify.nested.flag").evaluate(outputs)).toBe(false);
      expect(new ConditionalDependency("classify.missing.deeper").evaluate(outputs)).toBe(false);
      expect(new ConditionalDependency("pruned.anything").evaluate(outputs)).toBe(false);
    });

    it("compares a path with equals when given", () => {
      expect(new ConditionalDependency("classify.intent", { equals: "search" }).evaluate(outputs)).toBe(true);
      expect(new ConditionalDependency("classify.intent", { equals: "chat" }).evaluate(outputs)).toBe(false);
      expect(new ConditionalDependency("classify.nested.n", { equals: 0 }).evaluate(outputs)).toBe(true);
    });

    it("resolves stage names that contain dots by the longest declared dependency", () => {
      const dotted = { "rag.v2": StageOutput.ok({ hits: 3 }), rag: StageOutput.ok({ v2: { hits: 0 } }) };
      expect(new ConditionalDependency("rag.v2.hits", { equals: 3 }).evaluate(dotted)).toBe(true);
    });

    it("calls a function predicate with the upstream outputs and the snapshot", () => {
      const snapshot = createTestSnapshot({ inputText: "hello" });
      const cond = new ConditionalDependency(
        (up, snap) => up.classify?.status === "ok" && snap?.inputText === "hello",
      );
      expect(cond.evaluate(outputs, snapshot)).toBe(true);
      expect(cond.evaluate({}, snapshot)).toBe(false);
    });

    it("runs the stage anyway on a false condition when skipOnFalse is false, keeping the raw answer in test()", () => {
      const cond = new ConditionalDependency("classify.nested.flag", { skipOnFalse: false });
      expect(cond.test(outputs)).toBe(false);
      expect(cond.evaluate(outputs)).toBe(true);
    });

    it("fails closed with a ConditionEvaluationError when the predicate throws or the path names a non-dependency", () => {
      const broken = new ConditionalDependency(
        () => {
          throw new TypeError("cannot read intent");
        },
        { description: "intent check" },
      );
      expect(() => broken.evaluate(outputs)).toThrow(ConditionEvaluationError);
      expect(() => broken.evaluate(outputs)).toThrow(
        /The condition "intent check" threw \(cannot read intent\)/,
      );
      expect(() => new ConditionalDependency("ghost.flag").evaluate(outputs)).toThrow(
        /"ghost" is not a declared dependency/,
      );
      expect(() => new ConditionalDependency("ghost.flag", { skipOnFalse: false }).evaluate(outputs)).toThrow(
        ConditionEvaluationError,
      );
    });

    it("validates its arguments", () => {
      expect(() => new ConditionalDependency("classify")).toThrow(/"stage.key"/);
      expect(() => new ConditionalDependency("classify.")).toThrow(InvalidOptionsError);
      expect(() => new ConditionalDependency(42 as never)).toThrow(/function or a "stage.key" path/);
      expect(() => new ConditionalDependency(() => true, { equals: 1 })).toThrow(/only to a path/);
      expect(() => new ConditionalDependency("a.b", { skip_on_false: true } as never)).toThrow(
        /Did you mean "skipOnFalse"/,
      );
    });
  });

  describe("as a stage's when", () => {
    it("runs the stage when the condition holds", async () => {
      const ran: string[] = [];
      const result = await conditional(new ConditionalDependency("classify.route.needsSearch"), ran).run(
        createTestSnapshot(),
      );
      expect(ran).toEqual(["search", "answer"]);
      expect(result.output("search")?.data).toEqual({ raw: true });
    });

    it("skips the stage when the condition is false and skipOnFalse is set; dependents still run", async () => {
      const ran: string[] = [];
      const sink = new RecordingEventSink();
      const result = await conditional(new ConditionalDependency("classify.route.depth"), ran).run(
        createTestSnapshot(),
        { eventSink: sink },
      );
      expect(result.status).toBe("completed");
      expect(result.stages.search?.status).toBe("skip");
      expect(ran).toEqual(["answer"]);
      expect(result.output("answer")?.data).toEqual({ searched: "skip" });
      expect(sink.ofType("stage.skipped").map((e) => e.stage)).toEqual(["search"]);
    });

    it("runs the stage when the condition is false but skipOnFalse is false", async () => {
      const ran: string[] = [];
      const result = await conditional(
        new ConditionalDependency("classify.route.depth", { skipOnFalse: false }),
        ran,
      ).run(createTestSnapshot());
      expect(ran).toEqual(["search", "answer"]);
      expect(result.output("search")?.data).toEqual({ raw: false });
    });

    it("fails the stage, without running it, when the predicate throws", async () => {
      const ran: string[] = [];
      const cond = new ConditionalDependency(
        (up) => (up.classify?.data as { missing: { x: boolean } }).missing.x,
      );
      const result = await conditional(cond, ran).run(createTestSnapshot());
      expect(ran).toEqual([]);
      expect(result.status).toBe("failed");
      expect(result.stages.search?.status).toBe("fail");
      expect(result.stages.search?.error).toBeInstanceOf(ConditionEvaluationError);
      expect(result.stages.search?.error?.cause).toBeInstanceOf(TypeError);
    });

    it("under CONTINUE_ON_FAILURE, a throwing condition blocks the stage's dependents like any failure", async () => {
      const ran: string[] = [];
      const cond = new ConditionalDependency(() => {
        throw new Error("bad predicate");
      });
      const result = await conditional(cond, ran).run(createTestSnapshot(), {
        plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
      });
      expect(result.stages.answer?.reason).toBe('upstream stage "search" failed');
      expect(result.failureSummary?.failures[0]?.error).toBeInstanceOf(ConditionEvaluationError);
    });
  });
});
