/**
 * @module The fluent builder: the tail rule, running with core, validation.
 */
import {
  InvalidOptionsError,
  PipelineValidationError,
  StageKind,
  defineStage,
  isStageflowError,
} from "@stageflow/core";
import { createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { expectDependenciesFirst, recorder, startOrder, step, thrown } from "./helpers.js";

const deps = (builder: FluentPipelineBuilder<string>): Record<string, readonly string[]> =>
  Object.fromEntries(builder.build().stages.map((s) => [s.name, s.dependsOn]));

describe("FluentPipelineBuilder", () => {
  describe("the tail rule", () => {
    it("hangs a stage without dependsOn off the last stage added, and starts a new builder with a root", () => {
      const b = new FluentPipelineBuilder("t").stage(step("a")).stage(step("b")).stage(step("c"));
      expect(deps(b)).toEqual({ a: [], b: ["a"], c: ["b"] });
    });

    it("joins every member of a parallel group into the next stage", () => {
      const b = new FluentPipelineBuilder("t")
        .stage(step("in"))
        .parallel(3, (i) => step(`p${i}`))
        .stage(step("join"));
      expect(deps(b)).toEqual({ in: [], p0: ["in"], p1: ["in"], p2: ["in"], join: ["p0", "p1", "p2"] });
    });

    it("hangs a chain off the tail and moves the tail to the chain's last stage", () => {
      const b = new FluentPipelineBuilder("t")
        .stage(step("in"))
        .linearChain(3, (i) => step(`c${i}`))
        .stage(step("out"));
      expect(deps(b)).toEqual({ in: [], c0: ["in"], c1: ["c0"], c2: ["c1"], out: ["c2"] });
    });

    it("hangs a chain off every member of a preceding parallel group", () => {
      const b = new FluentPipelineBuilder("t")
        .parallel(2, (i) => step(`p${i}`))
        .linearChain(2, (i) => step(`c${i}`));
      expect(deps(b)).toEqual({ p0: [], p1: [], c0: ["p0", "p1"], c1: ["c0"] });
    });

    it("moves the tail to the fan-in after a fan-out/fan-in", () => {
      const b = new FluentPipelineBuilder("t")
        .stage(step("in"))
        .fanOutFanIn(step("split"), 2, (i) => step(`w${i}`), step("gather"))
        .stage(step("out"));
      expect(deps(b)).toEqual({
        in: [],
        split: ["in"],
        w0: ["split"],
        w1: ["split"],
        gather: ["w0", "w1"],
        out: ["gather"],
      });
    });

    it("lets the next stage join the branches of a conditional branch without a merge", () => {
      const r = defineStage({ name: "r", kind: StageKind.ROUTE, execute: () => ({ route: "x" }) });
      const b = new FluentPipelineBuilder("t")
        .stage(step("in"))
        .conditionalBranch(r, { x: step("bx"), y: step("by") })
        .stage(step("after"));
      expect(deps(b)).toEqual({ in: [], r: ["in"], bx: ["r"], by: ["r"], after: ["bx", "by"] });
    });

    it("uses explicit dependencies instead of the tail, and [] for a new root", () => {
      const b = new FluentPipelineBuilder("t")
        .stage(step("a"))
        .stage(step("b"))
        .stage(step("c"), { dependsOn: ["a"] })
        .stage(step("d"), { dependsOn: [] })
        .linearChain(1, () => step("e"), { firstDependsOn: ["a", "d"] })
        .parallel(1, () => step("f"), { dependsOn: ["b"] });
      expect(deps(b)).toEqual({ a: [], b: ["a"], c: ["a"], d: [], e: ["a", "d"], f: ["b"] });
    });

    it("accepts stage objects in dependsOn", () => {
      const a = step("a");
      const b = new FluentPipelineBuilder("t")
        .stage(a)
        .stage(step("x"), { dependsOn: [] })
        .stage(step("b"), { dependsOn: [a] });
      expect(deps(b).b).toEqual(["a"]);
    });
  });

  describe("running", () => {
    it("runs a graph built from every pattern to completion, each stage after its dependencies", async () => {
      const r = defineStage({ name: "route", kind: StageKind.ROUTE, execute: () => ({ route: "search" }) });
      const builder = new FluentPipelineBuilder("all")
        .stage(step("guard", StageKind.GUARD))
        .parallel(2, (i) => step(["profile", "memory"][i] as string, StageKind.ENRICH))
        .stage(step("prompt"))
        .linearChain(2, (i) => step(`draft${i}`))
        .fanOutFanIn(step("split"), 3, (i) => step(`check${i}`), step("gather"))
        .conditionalBranch(r, { search: step("search"), chat: step("chat") }, step("answer"));
      const sink = recorder();
      const result = await builder.run(createTestSnapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expectDependenciesFirst(builder.build(), sink);
      expect(startOrder(sink)).toEqual([
        "guard",
        "profile",
        "memory",
        "prompt",
        "draft0",
        "draft1",
        "split",
        "check0",
        "check1",
        "check2",
        "gather",
        "route",
        "search",
        "answer",
      ]);
      expect(result.stages.chat).toMatchObject({ status: "skip", pruned: true });
      expect(result.output("prompt")?.data).toEqual({ saw: ["profile", "memory"] });
      expect(result.output("answer")?.data).toEqual({ saw: ["search"] });
    });

    it("builds once and caches the graph until the next addition", () => {
      const b = new FluentPipelineBuilder("t").stage(step("a"));
      const first = b.build();
      expect(b.build()).toBe(first);
      b.stage(step("b"));
      expect(b.build()).not.toBe(first);
      expect(b.build().stageNames).toEqual(["a", "b"]);
    });

    it("passes core stage options through (when, branch, timeoutMs)", async () => {
      const b = new FluentPipelineBuilder("t").stage(step("a")).stage(step("b"), { when: () => false });
      const result = await b.run(createTestSnapshot());
      expect(result.stages.b).toMatchObject({ status: "skip", pruned: false });
      expect(b.pipeline.entries[1]?.when).toBeTypeOf("function");
    });
  });

  describe("validation", () => {
    it("names the stage and suggests the closest existing name for an unknown dependency at build()", () => {
      const b = new FluentPipelineBuilder<string>("chat")
        .stage(step("memory_enrich"))
        .stage(step("answer"), { dependsOn: ["memory_enrch"] });
      const error = thrown(() => b.build());
      expect(error).toBeInstanceOf(PipelineValidationError);
      expect((error as PipelineValidationError).problems).toEqual([
        {
          stage: "answer",
          message:
            'stage "answer" depends on "memory_enrch", which is not in the pipeline. Did you mean "memory_enrich"?',
        },
      ]);
    });

    it("reports duplicate names from factories at build()", () => {
      const b = new FluentPipelineBuilder("t").parallel(2, () => step("same"));
      expect(() => b.build()).toThrow(/"same" is added twice/);
    });

    it("reports a stage added again after itself only as a duplicate, not as depending on itself", () => {
      const a = step("a");
      const r = defineStage({ name: "a", kind: StageKind.ROUTE, execute: () => ({ route: "x" }) });
      const twice = { stage: "a", message: 'stage "a" is added twice; stage names must be unique.' };
      const builders: FluentPipelineBuilder<string>[] = [
        new FluentPipelineBuilder("t").stage(a).stage(a),
        new FluentPipelineBuilder("t").stage(a).parallel(1, () => a),
        new FluentPipelineBuilder("t").stage(a).linearChain(1, () => a),
        new FluentPipelineBuilder("t").stage(a).fanOutFanIn(a, 1, () => step("w"), step("z")),
        new FluentPipelineBuilder("t").stage(a).conditionalBranch(r, { x: step("x") }),
        // Duplicates inside one pattern, where the second copy hangs off the first.
        new FluentPipelineBuilder("t").linearChain(2, () => a),
        new FluentPipelineBuilder("t").fanOutFanIn(step("f"), 1, () => a, a),
      ];
      for (const b of builders) {
        expect((thrown(() => b.build()) as PipelineValidationError).problems).toEqual([twice]);
      }
    });

    it("still reports a stage that names itself in dependsOn", () => {
      const b = new FluentPipelineBuilder<string>("t").stage(step("a"), { dependsOn: ["a"] });
      expect(() => b.build()).toThrow(/stage "a" depends on itself/);
    });

    it("rejects an unknown option, naming the closest valid one", () => {
      const b = new FluentPipelineBuilder<string>("t").stage(step("a"));
      const bad = { depends_on: ["a"] } as unknown as object;
      expect(() => b.stage(step("b"), bad)).toThrow(InvalidOptionsError);
      expect(() => b.stage(step("b"), bad)).toThrow(
        /unknown option "depends_on". Did you mean "dependsOn"\?/,
      );
      expect(() => b.linearChain(1, () => step("c"), { first_depends_on: [] } as object)).toThrow(
        /Did you mean "firstDependsOn"\?/,
      );
      expect(() => b.parallel(1, () => step("c"), { depends: [] } as object)).toThrow(
        /Did you mean "dependsOn"\?/,
      );
    });

    it("rejects a bad count or factory", () => {
      const b = new FluentPipelineBuilder("t");
      for (const count of [0, -1, 1.5, Number.NaN]) {
        expect(() => b.linearChain(count, () => step("x"))).toThrow(/count must be a positive integer/);
      }
      expect(() => b.parallel(2, "nope" as unknown as () => never)).toThrow(/factory must be a function/);
      expect(() => b.parallel(1, () => null as unknown as never)).toThrow(/factory\(0\) returned null/);
    });

    it("adds nothing and keeps its tail when a factory throws part-way", () => {
      const b = new FluentPipelineBuilder<string>("t").stage(step("a"));
      const failing = (i: number) => {
        if (i === 2) throw new Error("no third stage");
        return step(`c${i}`);
      };
      expect(() => b.linearChain(3, failing)).toThrow("no third stage");
      expect(() => b.parallel(3, failing)).toThrow("no third stage");
      expect(() => b.fanOutFanIn(step("split"), 3, failing, step("gather"))).toThrow("no third stage");
      b.stage(step("b"));
      expect(deps(b)).toEqual({ a: [], b: ["a"] });
    });

    it("throws Stageflow errors that survive duplicate installs", () => {
      expect(() => new FluentPipelineBuilder("")).toThrow(InvalidOptionsError);
      const error = thrown(() => new FluentPipelineBuilder("t").build());
      expect(isStageflowError(error)).toBe(true);
      expect(error).toMatchObject({ code: "PIPELINE_VALIDATION" });
    });
  });
});
