import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  CycleDetectedError,
  InvalidOptionsError,
  Pipeline,
  PipelineValidationError,
  StageGraph,
  isStageflowError,
} from "../src/index.js";
import { okStage } from "./helpers/stages.js";

function problemsOf(pipeline: Pipeline): string[] {
  try {
    pipeline.build();
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineValidationError);
    return (error as PipelineValidationError).problems.map((p) => p.message);
  }
  throw new Error("expected a PipelineValidationError");
}

describe("Pipeline", () => {
  it("chains withStage on the same builder and builds an immutable graph in topological order", () => {
    const pipeline = new Pipeline("p");
    expect(pipeline.withStage(okStage("c"), { dependsOn: ["b"] })).toBe(pipeline);
    pipeline.withStage(okStage("b"), { dependsOn: ["a"] }).withStage(okStage("a"));
    expect(pipeline.stageNames).toEqual(["c", "b", "a"]);
    expect(pipeline.entries.map((e) => e.dependsOn)).toEqual([["b"], ["a"], []]);
    const graph = pipeline.build();
    expect(graph).toBeInstanceOf(StageGraph);
    expect(graph.name).toBe("p");
    expect(graph.stageNames).toEqual(["a", "b", "c"]);
    expect(graph.stages.map((s) => [s.name, s.index, s.dependsOn])).toEqual([
      ["a", 0, []],
      ["b", 1, ["a"]],
      ["c", 2, ["b"]],
    ]);
    expect(Object.isFrozen(graph)).toBe(true);
    expect(Object.isFrozen(graph.stages)).toBe(true);
  });

  it("caches the built graph until another stage is added", () => {
    const pipeline = new Pipeline("cache").withStage(okStage("a"));
    const first = pipeline.build();
    expect(pipeline.build()).toBe(first);
    pipeline.withStage(okStage("b"));
    const second = pipeline.build();
    expect(second).not.toBe(first);
    expect(first.stageNames).toEqual(["a"]);
    expect(second.stageNames).toEqual(["a", "b"]);
  });

  it("accepts stage objects in dependsOn and ignores a repeated dependency", async () => {
    const a = okStage("a");
    const graph = new Pipeline("objects")
      .withStage(a)
      .withStage(okStage("b"), { dependsOn: [a, "a"] })
      .build();
    expect(graph.stages[1]?.dependsOn).toEqual(["a"]);
    expect((await graph.run(ContextSnapshot.create())).status).toBe("completed");
  });

  describe("build validation", () => {
    it("rejects an empty pipeline", () => {
      expect(problemsOf(new Pipeline("empty"))).toEqual([
        "the pipeline has no stages; add one with withStage().",
      ]);
    });

    it("lists every duplicate, unknown and self dependency at once, suggesting close names", () => {
      const pipeline = new Pipeline("bad")
        .withStage(okStage("router"))
        .withStage(okStage("router"))
        .withStage(okStage("answer"), { dependsOn: ["routr", "ghost"] })
        .withStage(okStage("loop"), { dependsOn: ["loop"] });
      expect(problemsOf(pipeline)).toEqual([
        'stage "router" is added twice; stage names must be unique.',
        'stage "answer" depends on "routr", which is not in the pipeline. Did you mean "router"?',
        'stage "answer" depends on "ghost", which is not in the pipeline.',
        'stage "loop" depends on itself.',
      ]);
    });

    it("reports a second stage of a name that depends on the first only as a duplicate", () => {
      const pipeline = new Pipeline("dup")
        .withStage(okStage("a"))
        .withStage(okStage("a"), { dependsOn: ["a"] });
      expect(problemsOf(pipeline)).toEqual(['stage "a" is added twice; stage names must be unique.']);
    });

    it("reports a cycle with its path in execution order", () => {
      const pipeline = new Pipeline("cyclic")
        .withStage(okStage("start"))
        .withStage(okStage("a"), { dependsOn: ["start", "c"] })
        .withStage(okStage("b"), { dependsOn: ["a"] })
        .withStage(okStage("c"), { dependsOn: ["b"] })
        .withStage(okStage("tail"), { dependsOn: ["c"] });
      try {
        pipeline.build();
        expect.unreachable();
      } catch (error) {
        const e = error as CycleDetectedError;
        expect(e).toBeInstanceOf(CycleDetectedError);
        expect(isStageflowError(e)).toBe(true);
        expect(e.code).toBe("CYCLE_DETECTED");
        const path = [...e.cyclePath];
        expect(path[0]).toBe(path.at(-1));
        expect(new Set(path)).toEqual(new Set(["a", "b", "c"]));
        // Each stage in the path is a dependency of the next.
        const deps: Record<string, string[]> = { a: ["start", "c"], b: ["a"], c: ["b"] };
        for (let k = 1; k < path.length; k++) expect(deps[path[k]!]).toContain(path[k - 1]);
        expect(e.message).toContain(path.join(" → "));
      }
    });

    it("validates a 10,000-stage chain without recursion limits", () => {
      const pipeline = new Pipeline("long");
      for (let i = 0; i < 10_000; i++)
        pipeline.withStage(okStage(`s${i}`), i === 0 ? {} : { dependsOn: [`s${i - 1}`] });
      expect(pipeline.build().stageNames).toHaveLength(10_000);
      const cyclic = new Pipeline("long-cycle");
      for (let i = 0; i < 10_000; i++)
        cyclic.withStage(okStage(`s${i}`), { dependsOn: [`s${(i + 1) % 10_000}`] });
      expect(() => cyclic.build()).toThrow(CycleDetectedError);
    });
  });

  describe("withStage validation", () => {
    it("rejects bad stages and bad option values with clear messages", () => {
      const p = new Pipeline("p");
      expect(() => p.withStage({} as never)).toThrow(/a stage needs a non-empty string name/);
      expect(() => p.withStage(null as never)).toThrow(/expected a stage object/);
      expect(() => p.withStage(okStage("a"), { dependsOn: "b" as never })).toThrow(
        /dependsOn must be an array/,
      );
      expect(() => p.withStage(okStage("a"), { dependsOn: [3 as never] })).toThrow(
        /dependsOn entries must be stage names/,
      );
      expect(() => p.withStage(okStage("a"), { when: true as never })).toThrow(/when must be a function/);
      expect(() => p.withStage(okStage("a"), { branch: "" })).toThrow(/branch must be a non-empty string/);
      expect(() => new Pipeline("")).toThrow(InvalidOptionsError);
      expect(p.stageNames).toEqual([]);
    });
  });
});
