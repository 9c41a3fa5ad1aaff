import { describe, expect, it } from "vitest";
import {
  CallbackEventSink,
  ContextSnapshot,
  defineStage,
  InvalidOptionsError,
  isEventType,
  Pipeline,
  type AnyStageflowEvent,
} from "../../src/index.js";
import { event } from "./sinks.helpers.js";

describe("CallbackEventSink", () => {
  it("passes each event to the callback and returns an async callback's promise", async () => {
    const seen: AnyStageflowEvent[] = [];
    const sink = new CallbackEventSink((e) => void seen.push(e));
    void sink.emit(event("a", 1));
    expect(seen).toEqual([event("a", 1)]);
    const asyncSink = new CallbackEventSink(async () => {
      throw new Error("later");
    });
    await expect(asyncSink.emit(event("b"))).rejects.toThrow("later");
    await expect(sink.flush()).resolves.toBeUndefined();
  });

  it("ignores what a synchronous callback returns, so (e) => events.push(e) works as is", async () => {
    const seen: AnyStageflowEvent[] = [];
    const sink = new CallbackEventSink((e) => seen.push(e));
    expect(sink.emit(event("a"))).toBeUndefined();
    const thenable = new CallbackEventSink(() => Promise.resolve(42));
    await expect(thenable.emit(event("b"))).resolves.toBeUndefined();
    expect(seen).toEqual([event("a")]);
  });

  it("rejects a callback that is not a function", () => {
    expect(() => new CallbackEventSink("nope" as never)).toThrow(InvalidOptionsError);
  });

  it("narrows the events of a real run with isEventType, by one type or several", async () => {
    const failures: string[] = [];
    const ends: string[] = [];
    const sink = new CallbackEventSink((e) => {
      if (isEventType(e, "stage.failed")) failures.push(`${e.stage}: ${e.data.error.message}`);
      if (isEventType(e, "stage.completed", "stage.failed")) ends.push(`${e.type} ${e.stage}`);
    });
    const ok = defineStage({ name: "ok", execute: () => ({ n: 1 }) });
    const bad = defineStage({
      name: "bad",
      execute: () => {
        throw new Error("boom");
      },
    });
    const custom = defineStage({ name: "custom", execute: (ctx) => ctx.emit("stage.failed.note", {}) });
    const graph = new Pipeline("p")
      .withStage(ok)
      .withStage(custom)
      .withStage(bad, { dependsOn: [ok, custom] });
    await graph.build().run(ContextSnapshot.create(), { eventSink: sink });
    expect(failures).toEqual(["bad: boom"]);
    expect(ends).toEqual(["stage.completed ok", "stage.completed custom", "stage.failed bad"]);
    expect(isEventType(event("stage.failed.note"), "stage.failed")).toBe(false);
    expect(isEventType(event("stage.failed"))).toBe(false);
  });
});
