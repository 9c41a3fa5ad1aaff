/**
 * @module Stages and branch maps given to the patterns are checked before anything is added.
 */
import { InvalidOptionsError, Pipeline, StageKind, defineStage, type AnyStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { FluentPipelineBuilder, withConditionalBranch, withFanOutFanIn } from "@stageflow/builder";
import { router, step, thrown } from "./helpers.js";

const refused = (fn: () => unknown): string => {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InvalidOptionsError);
  return (error as InvalidOptionsError).message;
};

describe("withConditionalBranch's branches", () => {
  const add = (branches: unknown, merge?: unknown) => {
    const pipeline = new Pipeline("p").withStage(step("in"));
    const message = refused(() =>
      withConditionalBranch(pipeline, router("r", "a"), branches as never, merge as never),
    );
    expect(pipeline.stageNames).toEqual(["in"]);
    return message;
  };

  it("must be a non-empty plain object", () => {
    expect(add([step("a")])).toBe(
      "withConditionalBranch: branches must be a plain object mapping each route key to a stage ({ search: webSearch }), got an array.",
    );
    expect(add(new Map([["a", step("a")]]))).toMatch(/branches must be a plain object .*, got a Map\.$/);
    expect(add(null)).toMatch(/got null\.$/);
    expect(add(undefined)).toMatch(/got undefined\.$/);
    expect(add("a")).toMatch(/got a string\.$/);
    expect(add({})).toBe("withConditionalBranch: branches must name at least one route key.");
    expect(add(Object.create(null))).toMatch(/at least one route key/);
  });

  it("must map every key to a stage, naming the key that does not", () => {
    expect(add({ a: step("a"), b: "summarise" })).toBe(
      'withConditionalBranch: branches["b"] must be a stage, got a string.',
    );
    expect(add({ a: undefined })).toBe(
      'withConditionalBranch: branches["a"] must be a stage, got undefined.',
    );
    expect(add({ a: { name: "a" } })).toBe(
      'withConditionalBranch: branches["a"] must be a stage, got an object without execute (named "a").',
    );
    expect(add({ "two words": { name: "", execute: () => 1 } })).toBe(
      'withConditionalBranch: branches["two words"] must be a stage, got an object without a name.',
    );
    expect(add({ a: { name: "a", kind: "retriever", execute: () => 1 } })).toBe(
      'withConditionalBranch: branches["a"] must be a stage, got stage "a" of unknown kind "retriever".',
    );
  });

  it("checks the merge and the router the same way", () => {
    expect(add({ a: step("a") }, "merge")).toBe(
      "withConditionalBranch: merge must be a stage, got a string.",
    );
    const pipeline = new Pipeline("p");
    expect(
      refused(() => withConditionalBranch(pipeline, null as unknown as AnyStage, { a: step("a") })),
    ).toBe("withConditionalBranch: router must be a stage, got null.");
    expect(pipeline.stageNames).toEqual([]);
  });

  it("refuses what core would refuse (a reserved name, an output that is not a schema) before adding anything", () => {
    const reserved = { name: "__proto__", kind: StageKind.TRANSFORM, execute: () => undefined };
    expect(add({ a: reserved })).toContain('a stage cannot be named "__proto__"');
    const badSchema = { name: "b", kind: StageKind.TRANSFORM, output: 5, execute: () => undefined };
    expect(add({ a: step("a"), b: badSchema })).toContain("not a Standard Schema");
  });

  it("accepts a branch map without a prototype", () => {
    const branches = Object.assign(Object.create(null) as Record<string, never>, { a: step("a") });
    const pipeline = withConditionalBranch(new Pipeline("p"), router("r", "a"), branches);
    expect(pipeline.stageNames).toEqual(["r", "a"]);
  });
});

describe("the builder's conditionalBranch and fanOutFanIn", () => {
  it("refuse a non-stage before adding anything, so the tail is unchanged", () => {
    const r = defineStage({ name: "r", kind: StageKind.ROUTE, execute: () => ({ route: "x" }) });
    const b = new FluentPipelineBuilder<string>("t").stage(step("in"));
    expect(refused(() => b.conditionalBranch(r, { x: step("x"), y: 3 as never }))).toBe(
      'FluentPipelineBuilder.conditionalBranch: branches["y"] must be a stage, got a number.',
    );
    expect(refused(() => b.fanOutFanIn(step("split"), 2, (i) => step(`w${i}`), undefined as never))).toBe(
      "FluentPipelineBuilder.fanOutFanIn: fanIn must be a stage, got undefined.",
    );
    expect(refused(() => b.fanOutFanIn([] as never, 1, () => step("w"), step("g")))).toBe(
      "FluentPipelineBuilder.fanOutFanIn: fanOut must be a stage, got an array.",
    );
    b.stage(step("out"));
    expect(b.stageNames).toEqual(["in", "out"]);
    expect(b.build().stages.map((s) => s.dependsOn)).toEqual([[], ["in"]]);
  });

  it("withFanOutFanIn adds nothing when its fan-in or a worker is not a stage", () => {
    const pipeline = new Pipeline("p");
    const bad = { name: "w1", kind: "bogus", execute: () => 1 } as never;
    expect(
      refused(() => withFanOutFanIn(pipeline, step("s"), 2, (i) => (i ? bad : step("w0")), step("g"))),
    ).toBe('withFanOutFanIn: factory(1) returned stage "w1" of unknown kind "bogus", expected a stage.');
    expect(
      refused(() => withFanOutFanIn(pipeline, step("s"), 1, () => step("w"), { name: "g" } as never)),
    ).toBe('withFanOutFanIn: fanIn must be a stage, got an object without execute (named "g").');
    expect(pipeline.stageNames).toEqual([]);
  });
});
