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
});
