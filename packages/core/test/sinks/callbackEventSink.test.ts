import { describe, expect, it } from "vitest";
import { CallbackEventSink, InvalidOptionsError, type AnyStageflowEvent } from "../../src/index.js";
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

  it("rejects a callback that is not a function", () => {
    expect(() => new CallbackEventSink("nope" as never)).toThrow(InvalidOptionsError);
  });
});
