import { describe, expect, it } from "vitest";
import { NoOpEventSink } from "../../src/index.js";

describe("NoOpEventSink", () => {
  it("discards events, flushes at once and marks itself so runs skip building events", async () => {
    const sink = new NoOpEventSink();
    expect(sink.emit()).toBeUndefined();
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(sink.discardsEvents).toBe(true);
  });
});
