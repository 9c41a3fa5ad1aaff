import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineStage, StageOutput, type PipelineResult, type StageData } from "../src/index.js";

const retrieve = defineStage({
  name: "retrieve",
  output: z.object({ docs: z.array(z.string()), score: z.number().optional() }),
  execute: () => ({ docs: ["a"] }),
});

const untyped = defineStage({ name: "untyped", execute: () => ({ anything: 1 }) });

describe("defineStage types", () => {
  it("infers the stage's data type from its output schema", () => {
    expectTypeOf<StageData<typeof retrieve>>().toEqualTypeOf<{
      docs: string[];
      score?: number | undefined;
    }>();
    expectTypeOf(retrieve.name).toEqualTypeOf<"retrieve">();
  });

  it("types ctx.inputs.get(stage) and require(stage) from the schema", () => {
    defineStage({
      name: "answer",
      execute: (ctx) => {
        const input = ctx.inputs.get(retrieve);
        expectTypeOf(input).toEqualTypeOf<
          StageOutput<{ docs: string[]; score?: number | undefined }> | undefined
        >();
        expectTypeOf(ctx.inputs.require(retrieve).data.docs).toEqualTypeOf<string[]>();
        expectTypeOf(ctx.inputs.get("retrieve")).toEqualTypeOf<StageOutput | undefined>();
        // Only an ok output's data is sure to be there: the type says so until status is checked.
        expectTypeOf(input?.data).toEqualTypeOf<{ docs: string[]; score?: number | undefined } | undefined>();
        if (input?.status === "ok") expectTypeOf(input.data.docs).toEqualTypeOf<string[]>();
        return { n: input?.status === "ok" ? input.data.docs.length : 0 };
      },
    });
  });

  it("types result.output(stage) and result.require(stage) from the schema", () => {
    const check = (result: PipelineResult): void => {
      expectTypeOf(result.require(retrieve).data.docs).toEqualTypeOf<string[]>();
      expectTypeOf(result.output(retrieve)).toEqualTypeOf<
        StageOutput<{ docs: string[]; score?: number | undefined }> | undefined
      >();
      expectTypeOf(result.output("retrieve")).toEqualTypeOf<StageOutput | undefined>();
      expectTypeOf(result.pluginErrors).toEqualTypeOf<readonly Error[] | undefined>();
    };
    expectTypeOf(check).toBeFunction();
  });

  it("rejects an execute whose return value does not match the schema", () => {
    defineStage({
      name: "bad",
      output: z.object({ docs: z.array(z.string()) }),
      // @ts-expect-error docs must be an array of strings
      execute: () => ({ docs: [1, 2] }),
    });
  });

  it("infers the data type from what execute returns when there is no schema", () => {
    expectTypeOf<StageData<typeof untyped>>().toEqualTypeOf<{ anything: number }>();
    expectTypeOf(untyped.name).toEqualTypeOf<"untyped">();
  });

  it("keeps skip, fail, cancel and retry paths out of the data type of a stage without a schema", () => {
    const cite = defineStage({
      name: "cite",
      execute: (ctx) =>
        ctx.snapshot.inputText ? { citations: ["[1]"] } : StageOutput.skip("nothing to cite"),
    });
    expectTypeOf<StageData<typeof cite>>().toEqualTypeOf<{ citations: string[] }>();
    expectTypeOf(cite.name).toEqualTypeOf<"cite">();
    const guarded = defineStage({
      name: "guarded",
      execute: async (ctx) => {
        if (ctx.attempt > 3) return StageOutput.cancel("too many attempts");
        if (ctx.snapshot.inputText === undefined) return StageOutput.fail(new Error("no input"));
        if (ctx.attempt === 1) return StageOutput.retry("warming up");
        return StageOutput.ok({ n: 1 });
      },
    });
    expectTypeOf<StageData<typeof guarded>>().toEqualTypeOf<{ n: number }>();
    expectTypeOf(guarded.name).toEqualTypeOf<"guarded">();
  });

  it("types the partial data a skip or fail carries, and keeps it possibly absent", () => {
    const skipped = StageOutput.skip("why", { partial: 1 });
    expectTypeOf(skipped.status).toEqualTypeOf<"skip" | "cancel" | "fail" | "retry">();
    expectTypeOf(skipped.data).toEqualTypeOf<{ partial: number } | undefined>();
    expectTypeOf(StageOutput.fail("x").data).toEqualTypeOf<undefined>();
  });

  it("keeps every path's data when execute returns different shapes", () => {
    const answer = defineStage({
      name: "answer",
      execute: (ctx) => (ctx.attempt > 1 ? { text: "a", citations: ["[1]"] } : { text: "b" }),
    });
    expectTypeOf<StageData<typeof answer>>().toEqualTypeOf<
      { text: string; citations: string[] } | { text: string; citations?: never }
    >();
    const mixed = defineStage({
      name: "mixed",
      execute: async (ctx) => {
        if (ctx.attempt > 2) return StageOutput.ok({ n: 1 });
        if (ctx.attempt > 1) return StageOutput.skip("later", { partial: true });
        return { label: "x" };
      },
    });
    expectTypeOf<StageData<typeof mixed>>().toEqualTypeOf<
      { n: number } | { partial: boolean } | { label: string }
    >();
    const nothing = defineStage({ name: "nothing", execute: () => {} });
    expectTypeOf<StageData<typeof nothing>>().toEqualTypeOf<undefined>();
    expectTypeOf([answer.name, mixed.name, nothing.name]).toEqualTypeOf<
      Array<"answer" | "mixed" | "nothing">
    >();
  });
});
