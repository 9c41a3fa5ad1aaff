/**
 * @module Plugin tests: what a `provide` hook may return, and how a wrong answer is reported.
 */
import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  Pipeline,
  StageflowError,
  createContextKey,
  defineStage,
  type Plugin,
} from "../src/index.js";
import { RecordingSink } from "./helpers/recordingSink.js";

const BudgetKey = createContextKey<{ left: number }>("budget");
const CONTRACT =
  "provide must return an array (or another iterable) of key.provide(value) results, such as " +
  "[MyKey.provide(value)], or undefined for none";

/** Runs a one-stage pipeline with `provide`; reports what `graph.run` rejected with and what ran. */
async function runWith(provide: () => unknown) {
  let ran = false;
  const stage = defineStage({
    name: "a",
    execute: (ctx) => {
      ran = true;
      return ctx.get(BudgetKey).left;
    },
  });
  const plugin = { name: "budgets", provide } as unknown as Plugin;
  const sink = new RecordingSink();
  const error: unknown = await new Pipeline("p")
    .withStage(stage)
    .run(ContextSnapshot.create(), { plugins: [plugin], eventSink: sink })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  return { error, ran, types: sink.events.map((e) => e.type) };
}

describe("plugin provide", () => {
  it("rejects the run with a PLUGIN_ERROR naming the plugin when provide returns a plain object", async () => {
    const { error, ran, types } = await runWith(() => ({ budget: { left: 3 } }));
    expect(error).toBeInstanceOf(StageflowError);
    expect(error).toMatchObject({
      code: "PLUGIN_ERROR",
      message: `Plugin "budgets": ${CONTRACT}; it returned a plain object.`,
    });
    expect(ran).toBe(false);
    expect(types).toEqual(["pipeline.started", "pipeline.failed"]);
  });

  it("says to wrap a single key.provide(value) result in an array", async () => {
    const { error } = await runWith(() => BudgetKey.provide({ left: 3 }));
    expect(error).toMatchObject({
      code: "PLUGIN_ERROR",
      message: `Plugin "budgets": ${CONTRACT}; it returned a single key.provide(value) result: wrap it in an array.`,
    });
  });

  it("says provide cannot be async when it returns a promise", async () => {
    const { error } = await runWith(async () => [BudgetKey.provide({ left: 3 })]);
    expect(error).toMatchObject({ code: "PLUGIN_ERROR" });
    expect((error as Error).message).toContain(
      `Plugin "budgets": ${CONTRACT}; it returned a promise, but provide cannot be async.`,
    );
  });

  it("names the type of a primitive answer (a string is not taken as a list of characters)", async () => {
    const { error } = await runWith(() => "budget");
    expect((error as Error).message).toBe(`Plugin "budgets": ${CONTRACT}; it returned a string.`);
  });

  it("names the position of an item that is not a key.provide(value) result", async () => {
    const { error } = await runWith(() => [BudgetKey.provide({ left: 3 }), { left: 4 }]);
    expect(error).toMatchObject({
      code: "PLUGIN_ERROR",
      message:
        `Plugin "budgets": ${CONTRACT}; item 1 is a plain object, not a key.provide(value) result ` +
        "(make it with a key from createContextKey).",
    });
  });

  it("reports an iterable that throws while being read, keeping the thrown error as the cause", async () => {
    const broken = new Error("no pool");
    const { error, ran } = await runWith(function* () {
      yield BudgetKey.provide({ left: 3 });
      throw broken;
    });
    expect(error).toMatchObject({
      code: "PLUGIN_ERROR",
      message: 'Plugin "budgets": iterating what provide returned threw: no pool',
      cause: broken,
    });
    expect(ran).toBe(false);
  });

  it("accepts any iterable of key.provide(value) results, and undefined", async () => {
    for (const provide of [
      () => new Set([BudgetKey.provide({ left: 3 })]),
      function* () {
        yield BudgetKey.provide({ left: 3 });
      },
    ]) {
      const { error, ran } = await runWith(provide);
      expect(error).toBeUndefined();
      expect(ran).toBe(true);
    }
    // undefined provides nothing: the run starts, and the stage reading the key fails on its own.
    const { error, ran } = await runWith(() => undefined);
    expect(error).toBeUndefined();
    expect(ran).toBe(true);
  });
});
