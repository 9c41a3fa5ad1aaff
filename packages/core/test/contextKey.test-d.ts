import { describe, expectTypeOf, it } from "vitest";
import {
  createContextKey,
  type ContextKey,
  type Plugin,
  type ProvidedValue,
  type StageAttempt,
  type StageContext,
  type StageKind,
} from "../src/index.js";

class Budget {
  readonly #left = 10;
  get left(): number {
    return this.#left;
  }
  forStage(_stage: StageAttempt): Budget {
    return this;
  }
}

describe("createContextKey types", () => {
  it("types forStage's value and stage from the key's type", () => {
    createContextKey<Budget>("budget", {
      forStage: (budget, stage) => {
        expectTypeOf(budget).toEqualTypeOf<Budget>();
        expectTypeOf(stage.name).toEqualTypeOf<string>();
        expectTypeOf(stage.kind).toEqualTypeOf<StageKind>();
        expectTypeOf(stage.attempt).toEqualTypeOf<number>();
        return budget.forStage(stage);
      },
    });
    // A view must have the key's type.
    // @ts-expect-error - a number is not a Budget
    createContextKey<Budget>("budget", { forStage: () => 1 });
  });

  it("keeps keys with a view usable wherever keys of unknown values are expected", () => {
    const Key = createContextKey<Budget>("budget", { forStage: (b, stage) => b.forStage(stage) });
    const plugin: Plugin = { name: "budget", provide: () => [Key.provide(new Budget())] };
    expectTypeOf(Key.provide(new Budget())).toMatchTypeOf<ProvidedValue<unknown>>();
    expectTypeOf(Key).toMatchTypeOf<ContextKey<unknown>>();
    const read = (ctx: StageContext) => ctx.get(Key);
    expectTypeOf(read).returns.toEqualTypeOf<Budget>();
    void plugin;
  });

  it("leaves forStage off the type's required members, so hand-made keys still type-check", () => {
    expectTypeOf<ContextKey<Budget>["forStage"]>().toEqualTypeOf<
      ((this: void, value: Budget, stage: StageAttempt) => Budget) | undefined
    >();
  });
});
