/**
 * @module Every pattern takes the same options as a builder method and as a free function.
 */
import { InvalidOptionsError, Pipeline, StageKind, defineStage } from "@stageflow/core";
import { createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  FluentPipelineBuilder,
  withConditionalBranch,
  withFanOutFanIn,
  withLinearChain,
  withParallelStages,
} from "@stageflow/builder";
import { step, depsOf } from "./helpers.js";

const route = () => defineStage({ name: "r", kind: StageKind.ROUTE, execute: () => ({ route: "x" }) });

describe("fanOutFanIn's fanOutDependsOn", () => {
  it("places the fan-out after the stages named, by name or by object, instead of the tail", () => {
    const a = step("a");
    const b = new FluentPipelineBuilder("t")
      .stage(a)
      .stage(step("b"))
      .fanOutFanIn(step("split"), 2, (i) => step(`w${i}`), step("gather"), { fanOutDependsOn: [a] })
      .stage(step("out"));
    expect(depsOf(b.pipeline)).toEqual({
      a: [],
      b: ["a"],
      split: ["a"],
      w0: ["split"],
      w1: ["split"],
      gather: ["w0", "w1"],
      out: ["gather"],
    });
  });

  it("makes the fan-out a root with [], and keeps hanging it off the tail by default", () => {
    const rooted = new FluentPipelineBuilder("t")
      .stage(step("a"))
      .fanOutFanIn(step("split"), 1, () => step("w"), step("gather"), { fanOutDependsOn: [] });
    expect(depsOf(rooted.pipeline).split).toEqual([]);
    const tailed = new FluentPipelineBuilder("t")
      .parallel(2, (i) => step(`p${i}`))
      .fanOutFanIn(step("split"), 1, () => step("w"), step("gather"), { fanOutDependsOn: undefined })
      .fanOutFanIn(step("split2"), 1, () => step("w2"), step("gather2"), {});
    expect(depsOf(tailed.pipeline).split).toEqual(["p0", "p1"]);
    expect(depsOf(tailed.pipeline).split2).toEqual(["gather"]);
  });

  it("validates the option where it enters, and adds nothing when refused", async () => {
    const b = new FluentPipelineBuilder<string>("t").stage(step("a"));
    const make = () => step("w");
    expect(() => b.fanOutFanIn(step("s"), 1, make, step("g"), { fanOutDependOn: [] } as object)).toThrow(
      /unknown option "fanOutDependOn". Did you mean "fanOutDependsOn"\?/,
    );
    expect(() => b.fanOutFanIn(step("s"), 1, make, step("g"), { fanOutDependsOn: "a" } as never)).toThrow(
      /FluentPipelineBuilder.fanOutFanIn: fanOutDependsOn must be an array/,
    );
    expect(b.stageNames).toEqual(["a"]);
    b.fanOutFanIn(step("s"), 1, make, step("g"), { fanOutDependsOn: ["a"] });
    expect((await b.run(createTestSnapshot())).status).toBe("completed");
  });
});

describe("the builder and the free functions build the same graph from the same options", () => {
  type Add = (p: Pipeline, b: FluentPipelineBuilder<string>) => [Pipeline, FluentPipelineBuilder<string>];
  const patterns: Record<string, Add> = {
    linearChain: (p, b) => [
      withLinearChain(p, 2, (i) => step(`c${i}`), { firstDependsOn: ["a"] }),
      b.linearChain(2, (i) => step(`c${i}`), { firstDependsOn: ["a"] }),
    ],
    parallel: (p, b) => [
      withParallelStages(p, 2, (i) => step(`p${i}`), { dependsOn: ["a"] }),
      b.parallel(2, (i) => step(`p${i}`), { dependsOn: ["a"] }),
    ],
    fanOutFanIn: (p, b) => [
      withFanOutFanIn(p, step("s"), 2, (i) => step(`w${i}`), step("g"), { fanOutDependsOn: ["a"] }),
      b.fanOutFanIn(step("s"), 2, (i) => step(`w${i}`), step("g"), { fanOutDependsOn: ["a"] }),
    ],
    conditionalBranch: (p, b) => [
      withConditionalBranch(p, route(), { x: step("x"), y: step("y") }, step("m"), {
        routerDependsOn: ["a"],
      }),
      b.conditionalBranch(route(), { x: step("x"), y: step("y") }, step("m"), { routerDependsOn: ["a"] }),
    ],
  };

  for (const [name, add] of Object.entries(patterns)) {
    it(name, () => {
      const start = (): [Pipeline, FluentPipelineBuilder<string>] => [
        new Pipeline("p").withStage(step("a")).withStage(step("b"), { dependsOn: ["a"] }),
        new FluentPipelineBuilder("p").stage(step("a")).stage(step("b")),
      ];
      const [pipeline, builder] = add(...start());
      expect(depsOf(builder.pipeline)).toEqual(depsOf(pipeline));
      expect(builder.pipeline.entries.map((e) => e.branch)).toEqual(pipeline.entries.map((e) => e.branch));
      expect(Object.values(depsOf(pipeline)).filter((d) => d.includes("b"))).toEqual([]);
    });
  }

  it("refuses an unknown option in each, naming the closest", () => {
    const bad = { dependsOnn: [] } as never;
    const b = new FluentPipelineBuilder("p");
    expect(() => b.fanOutFanIn(step("s"), 1, () => step("w"), step("g"), bad)).toThrow(InvalidOptionsError);
    expect(() => withFanOutFanIn(new Pipeline("p"), step("s"), 1, () => step("w"), step("g"), bad)).toThrow(
      InvalidOptionsError,
    );
  });
});
