import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineStage, type PipelineResult, type StageData, type StageOutput } from "../src/index.js";

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
});
