/**
 * @module The free pattern helpers over a core Pipeline, run with core.
 */
import { InvalidOptionsError, Pipeline, StageKind } from "@stageflow/core";
import { createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  withConditionalBranch,
  withFanOutFanIn,
  withLinearChain,
  withParallelStages,
} from "@stageflow/builder";
import { expectDependenciesFirst, recorder, router, startOrder, step, depsOf } from "./helpers.js";

describe("pattern helpers over a core Pipeline", () => {
  describe("withLinearChain", () => {
    it("returns the same pipeline and runs the chain in order", async () => {
      const pipeline = new Pipeline("chain");
      expect(withLinearChain(pipeline, 4, (i) => step(`s${i}`))).toBe(pipeline);
      const sink = recorder();
      const result = await pipeline.run(createTestSnapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(startOrder(sink)).toEqual(["s0", "s1", "s2", "s3"]);
      expect(result.output("s3")?.data).toEqual({ saw: ["s2"] });
      expectDependenciesFirst(pipeline.build(), sink);
    });

    it("hangs off the last stage added unless firstDependsOn says otherwise", () => {
      const pipeline = new Pipeline("p").withStage(step("a")).withStage(step("b"), { dependsOn: [] });
      withLinearChain(pipeline, 2, (i) => step(`c${i}`));
      withLinearChain(pipeline, 1, () => step("d"), { firstDependsOn: ["a"] });
      withLinearChain(pipeline, 1, () => step("e"), { firstDependsOn: [] });
      expect(depsOf(pipeline)).toEqual({ a: [], b: [], c0: ["b"], c1: ["c0"], d: ["a"], e: [] });
    });

    it("validates its options where they enter", () => {
      const pipeline = new Pipeline("p");
      expect(() => withLinearChain(pipeline, 1, () => step("x"), { firstDependsOn: "a" } as never)).toThrow(
        InvalidOptionsError,
      );
      expect(() => withLinearChain(pipeline, 1, () => step("x"), { firstDepends: [] } as never)).toThrow(
        /Did you mean "firstDependsOn"\?/,
      );
      expect(() => withLinearChain(pipeline, 0, () => step("x"))).toThrow(
        /count must be a positive integer, got 0/,
      );
    });
  });

  it("reports a stage added again after itself only as a duplicate, not as depending on itself", () => {
    const a = step("a");
    const pipelines = [
      withLinearChain(new Pipeline("p").withStage(a), 1, () => a),
      withParallelStages(new Pipeline("p").withStage(a), 1, () => a),
      withFanOutFanIn(new Pipeline("p").withStage(a), a, 1, () => step("w"), step("z")),
      withConditionalBranch(new Pipeline("p").withStage(a), router("a", "x"), { x: step("x") }),
    ];
    for (const pipeline of pipelines) {
      expect(() => pipeline.build()).toThrow(/"a" is added twice/);
      expect(() => pipeline.build()).not.toThrow(/depends on itself/);
    }
  });

  describe("withParallelStages", () => {
    it("starts every member once their shared dependency settled, before anything downstream", async () => {
      const pipeline = new Pipeline("par").withStage(step("in"));
      withParallelStages(pipeline, 3, (i) => step(`p${i}`));
      pipeline.withStage(step("join"), { dependsOn: ["p0", "p1", "p2"] });
      const sink = recorder();
      const result = await pipeline.run(createTestSnapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(startOrder(sink)).toEqual(["in", "p0", "p1", "p2", "join"]);
      // The three members run concurrently: all have started before any of them completes.
      const types = sink.events
        .filter((e) => e.stage?.startsWith("p") === true)
        .map((e) => `${e.type}:${e.stage}`);
      expect(types.slice(0, 3)).toEqual(["stage.started:p0", "stage.started:p1", "stage.started:p2"]);
      expect(result.output("join")?.data).toEqual({ saw: ["p0", "p1", "p2"] });
    });

    it("uses dependsOn for every member", () => {
      const pipeline = new Pipeline("p").withStage(step("a")).withStage(step("b"));
      withParallelStages(pipeline, 2, (i) => step(`p${i}`), { dependsOn: ["a"] });
      expect(depsOf(pipeline)).toMatchObject({ p0: ["a"], p1: ["a"] });
    });
  });

  describe("withFanOutFanIn", () => {
    it("runs fan-out, every worker, then the fan-in that sees all workers", async () => {
      const pipeline = new Pipeline("fan").withStage(step("in"));
      withFanOutFanIn(pipeline, step("split"), 3, (i) => step(`w${i}`), step("gather"));
      expect(depsOf(pipeline)).toEqual({
        in: [],
        split: ["in"],
        w0: ["split"],
        w1: ["split"],
        w2: ["split"],
        gather: ["w0", "w1", "w2"],
      });
      const sink = recorder();
      const result = await pipeline.run(createTestSnapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(startOrder(sink)).toEqual(["in", "split", "w0", "w1", "w2", "gather"]);
      expect(result.output("gather")?.data).toEqual({ saw: ["w0", "w1", "w2"] });
      expectDependenciesFirst(pipeline.build(), sink);
    });

    it("places the fan-out after fanOutDependsOn", () => {
      const pipeline = new Pipeline("p").withStage(step("a")).withStage(step("b"));
      withFanOutFanIn(pipeline, step("split"), 1, () => step("w"), step("gather"), { fanOutDependsOn: [] });
      expect(depsOf(pipeline).split).toEqual([]);
      expect(() =>
        withFanOutFanIn(new Pipeline("q"), step("s"), 1, () => step("w"), step("g"), {
          fan_out_depends_on: [],
        } as never),
      ).toThrow(/Did you mean "fanOutDependsOn"\?/);
    });
  });

  describe("withConditionalBranch", () => {
    it("runs the selected branch and the merge, pruning the others", async () => {
      const pipeline = new Pipeline("cond").withStage(step("in"));
      withConditionalBranch(
        pipeline,
        router("route", "b"),
        { a: step("on_a"), b: step("on_b") },
        step("merge"),
      );
      const sink = recorder();
      const result = await pipeline.run(createTestSnapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(startOrder(sink)).toEqual(["in", "route", "on_b", "merge"]);
      expect(result.stages.on_a).toMatchObject({ status: "skip", pruned: true });
      expect(result.output("merge")?.data).toEqual({ saw: ["on_b"] });
      expectDependenciesFirst(pipeline.build(), sink);
    });

    it("sets each branch stage's core branch key to its route key", () => {
      const pipeline = new Pipeline("p");
      withConditionalBranch(
        pipeline,
        router("r", "k1"),
        { k1: step("first"), k2: step("second") },
        undefined,
        {
          routerDependsOn: [],
        },
      );
      expect(pipeline.entries.map((e) => [e.stage.name, e.branch])).toEqual([
        ["r", undefined],
        ["first", "k1"],
        ["second", "k2"],
      ]);
    });

    it("refuses a router that is not a ROUTE stage, since its route would select nothing", () => {
      expect(() =>
        withConditionalBranch(new Pipeline("p"), step("r", StageKind.TRANSFORM), { a: step("a") }),
      ).toThrow(/router "r" has kind "transform"; give it kind: StageKind.ROUTE/);
      expect(() => withConditionalBranch(new Pipeline("p"), router("r", "a"), {})).toThrow(
        /at least one route key/,
      );
    });
  });
});
