/**
 * @module Messages built from values a caller handed over never throw while describing them, and the
 * lifecycle event types stay the executor's, from a stage or a plugin.
 */
import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  InvalidOptionsError,
  OptionCallbackError,
  Pipeline,
  createContextKey,
  defineStage,
  type Plugin,
} from "../src/index.js";
import { RecordingSink } from "./helpers/recordingSink.js";

/** An Error whose `name` and `message` getters throw. */
function errorWithThrowingGetters(): Error {
  const error = new Error("hidden");
  for (const key of ["name", "message"]) {
    Object.defineProperty(error, key, {
      get: () => {
        throw new Error(`${key} getter`);
      },
    });
  }
  return error;
}

describe("describing what a caller handed over", () => {
  it("an OptionCallbackError is built from a thrown Error whose getters throw", () => {
    const error = new OptionCallbackError({
      owner: "RetryInterceptor",
      option: "retryOn",
      stage: "llm",
      attempt: 2,
      thrown: errorWithThrowingGetters(),
    });
    expect(error.message).toContain("retryOn");
    expect(error.message).toContain('"llm"');
  });

  it("a BigInt or a cyclic object given as an event name is named in an InvalidOptionsError", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const status of [10n, cyclic]) {
      const stage = defineStage({ name: "s", execute: (ctx) => ctx.recordStageEvent(status as never) });
      const result = await new Pipeline("p").withStage(stage).run(ContextSnapshot.create());
      expect(result.stages.s?.error).toBeInstanceOf(InvalidOptionsError);
      expect(result.stages.s?.error?.message).toContain("is not an event name");
    }
  });
});

describe("lifecycle event types", () => {
  it("a plugin's run.emit refuses them, so the run keeps one end event", async () => {
    const sink = new RecordingSink();
    const plugin: Plugin = {
      name: "noisy",
      onStageSettled(_stage, _outcome, run) {
        (run as unknown as { emit(type: string, data: unknown): void }).emit("pipeline.completed", {});
        run.emit("noisy.settled", { ok: true });
      },
    };
    const stage = defineStage({ name: "s", execute: () => ({ n: 1 }) });
    const result = await new Pipeline("p")
      .withStage(stage)
      .run(ContextSnapshot.create(), { eventSink: sink, plugins: [plugin] });
    expect(result.status).toBe("completed");
    expect(result.pluginErrors?.[0]?.message).toContain('"pipeline.completed" is a lifecycle event');
    expect(sink.ofType("pipeline.completed")).toHaveLength(1);
    expect(sink.events.at(-1)?.type).toBe("pipeline.completed");
  });
});

describe("createContextKey options", () => {
  it("names the closest option for a misspelt one", () => {
    expect(() => createContextKey("db", { forstage: () => 1 } as never)).toThrow(
      /createContextKey\("db"\).*forStage/,
    );
    expect(() => createContextKey("db", null as never)).toThrow(InvalidOptionsError);
  });
});
