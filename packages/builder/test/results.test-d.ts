/**
 * @module Type tests: a graph built by the builder, and its results, know the builder's stage names.
 */
import {
  ContextSnapshot,
  defineStage,
  type PipelineResult,
  type StageGraph,
  type StageOutput,
} from "@stageflow/core";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { FluentPipelineBuilder } from "@stageflow/builder";

const retrieve = defineStage({
  name: "retrieve",
  output: z.object({ docs: z.array(z.string()) }),
  execute: () => ({ docs: ["a"] }),
});
const summarize = defineStage({ name: "summarize", execute: () => ({ text: "t" }) });
const other = defineStage({ name: "other", execute: () => 1 });

const builder = new FluentPipelineBuilder("rag").stage(retrieve).stage(summarize);

describe("results of a built pipeline", () => {
  it("type build() and run() with the builder's stage names", () => {
    expectTypeOf(builder.build()).toEqualTypeOf<StageGraph<"retrieve" | "summarize">>();
    expectTypeOf(builder.build().stageNames).toEqualTypeOf<ReadonlyArray<"retrieve" | "summarize">>();
    expectTypeOf(builder.run(ContextSnapshot.create())).toEqualTypeOf<
      Promise<PipelineResult<"retrieve" | "summarize">>
    >();
  });

  it("refuse a name or a stage the pipeline does not have, at compile time", () => {
    const check = (result: PipelineResult<"retrieve" | "summarize">): void => {
      expectTypeOf(result.require(retrieve).data.docs).toEqualTypeOf<string[]>();
      expectTypeOf(result.require(summarize).data.text).toEqualTypeOf<string>();
      expectTypeOf(result.stages.summarize.attempts).toEqualTypeOf<number>();
      expectTypeOf(result.outputs.retrieve).toEqualTypeOf<StageOutput | undefined>();
      result.output("summarize");
      // @ts-expect-error a misspelt name
      result.output("sumarize");
      // @ts-expect-error a stage of another pipeline
      result.require(other);
      // @ts-expect-error not a stage of this pipeline
      void result.stages.other;
    };
    expectTypeOf(check).toBeFunction();
  });

  it("stay assignable to the untyped graph and result that plugins and helpers take", () => {
    const graph: StageGraph = builder.build();
    const take = (result: PipelineResult): string => result.status;
    expectTypeOf(take).parameter(0).toEqualTypeOf<PipelineResult>();
    expectTypeOf(graph.stageNames).toEqualTypeOf<readonly string[]>();
    const untyped = new FluentPipelineBuilder("empty");
    expectTypeOf(untyped.build()).toEqualTypeOf<StageGraph>();
  });
});
