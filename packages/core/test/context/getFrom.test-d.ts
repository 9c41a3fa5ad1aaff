import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineStage, type Stage, type StageInputs } from "../../src/index.js";

const retrieve = defineStage({
  name: "retrieve",
  output: z.object({ docs: z.array(z.string()), score: z.number().optional() }),
  execute: () => ({ docs: ["a"] }),
});
const untyped: Stage<unknown, "untyped"> = { name: "untyped", kind: "transform", execute: () => undefined };
const either = defineStage({
  name: "either",
  execute: (ctx): { a: number } | { b: string } => (ctx.attempt > 1 ? { a: 1 } : { b: "x" }),
});

describe("StageInputs.getFrom types", () => {
  it("types the field of a typed stage and refuses a key its data does not have", () => {
    const check = (inputs: StageInputs): void => {
      expectTypeOf(inputs.getFrom(retrieve, "docs")).toEqualTypeOf<string[] | undefined>();
      expectTypeOf(inputs.getFrom(retrieve, "docs", [])).toEqualTypeOf<string[]>();
      expectTypeOf(inputs.getFrom(retrieve, "score", 0)).toEqualTypeOf<number>();
      // @ts-expect-error "dox" is not a field of retrieve's data
      inputs.getFrom(retrieve, "dox");
      // @ts-expect-error the default must have the field's type
      inputs.getFrom(retrieve, "docs", "none");
      expectTypeOf(inputs.getFrom(either, "a")).toEqualTypeOf<number | undefined>();
      expectTypeOf(inputs.getFrom(either, "b", "")).toEqualTypeOf<string>();
    };
    expectTypeOf(check).toBeFunction();
  });

  it("takes any key of a name or an untyped stage, typed by the caller", () => {
    const check = (inputs: StageInputs): void => {
      expectTypeOf(inputs.getFrom("retrieve", "docs")).toEqualTypeOf<unknown>();
      expectTypeOf(inputs.getFrom<string[]>("retrieve", "docs")).toEqualTypeOf<string[] | undefined>();
      expectTypeOf(inputs.getFrom<string[]>("retrieve", "docs", [])).toEqualTypeOf<string[]>();
      expectTypeOf(inputs.getFrom("retrieve", "text", "")).toEqualTypeOf<string>();
      expectTypeOf(inputs.getFrom(untyped, "anything", 1)).toEqualTypeOf<number>();
      // An explicit type still works with a stage object, as it always has.
      expectTypeOf(inputs.getFrom<string>(retrieve, "question", "")).toEqualTypeOf<string>();
    };
    expectTypeOf(check).toBeFunction();
  });
});
