import { InvalidOptionsError } from "@stageflow/core";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { TruncationTracker } from "@stageflow/enrich";

const cut = (
  originalTokens: number,
  truncatedTokens: number,
  strategy = "tail",
  contentType = "documents",
) => ({
  originalTokens,
  truncatedTokens,
  strategy,
  contentType,
  reason: "over budget",
});

describe("TruncationTracker", () => {
  describe("recordTruncation", () => {
    it("returns an event with every field, derived counts and the clock's timestamp", () => {
      const clock = new FakeClock({ now: 1234 });
      const tracker = new TruncationTracker({ clock });
      const event = tracker.recordTruncation({ ...cut(1000, 750), metadata: { docId: "d1" } });
      expect(event).toEqual({
        timestamp: 1234,
        originalTokens: 1000,
        truncatedTokens: 750,
        tokensRemoved: 250,
        strategy: "tail",
        contentType: "documents",
        reason: "over budget",
        preservedRatio: 0.75,
        metadata: { docId: "d1" },
      });
      expect(Object.isFrozen(event)).toBe(true);
    });

    it("sends each record to the sink as context.truncation", () => {
      const sink = new RecordingEventSink();
      const tracker = new TruncationTracker({
        eventSink: sink,
        runId: "run-7",
        pipeline: "rag",
        clock: new FakeClock(),
      });
      tracker.recordTruncation({ ...cut(100, 40), stage: "build-prompt" });
      tracker.recordTruncation(cut(10, 10));
      const events = sink.ofType("context.truncation");
      expect(events).toHaveLength(2);
      expect(events[0]).toMatchObject({ runId: "run-7", pipeline: "rag", stage: "build-prompt" });
      expect(events[0]?.data).toMatchObject({
        originalTokens: 100,
        truncatedTokens: 40,
        tokensRemoved: 60,
        preservedRatio: 0.4,
      });
      expect(events[1]?.stage).toBeUndefined();
      sink.assertWellFormed();
    });

    it("counts an empty original as fully preserved", () => {
      expect(new TruncationTracker().recordTruncation(cut(0, 0)).preservedRatio).toBe(1);
    });

    it.each([
      [cut(10, 11), /truncatedTokens \(11\) exceeds originalTokens \(10\)/],
      [cut(-1, 0), /originalTokens must be a whole number/],
      [cut(10, 2.5), /truncatedTokens must be a whole number/],
      [{ ...cut(10, 5), strategy: "" }, /strategy must be a non-empty string/],
      [{ ...cut(10, 5), content_type: "x" }, /Did you mean "contentType"/],
    ])("rejects invalid input %#", (input, message) => {
      expect(() => new TruncationTracker().recordTruncation(input as never)).toThrow(InvalidOptionsError);
      expect(() => new TruncationTracker().recordTruncation(input as never)).toThrow(message);
    });
  });

  describe("totals and summary", () => {
    it("summarises counts, tokens removed, strategies, content types and the mean preserved ratio", () => {
      const tracker = new TruncationTracker();
      tracker.recordTruncation(cut(100, 50, "tail", "documents"));
      tracker.recordTruncation(cut(200, 150, "head", "history"));
      tracker.recordTruncation(cut(40, 40, "tail", "documents"));
      expect(tracker.eventCount).toBe(3);
      expect(tracker.totalTokensRemoved).toBe(100);
      expect(tracker.getSummary()).toEqual({
        eventCount: 3,
        totalTokensRemoved: 100,
        strategiesUsed: { tail: 2, head: 1 },
        contentTypes: { documents: 2, history: 1 },
        avgPreservedRatio: (0.5 + 0.75 + 1) / 3,
      });
    });

    it("reports an empty summary before any truncation", () => {
      expect(new TruncationTracker().getSummary()).toEqual({
        eventCount: 0,
        totalTokensRemoved: 0,
        strategiesUsed: {},
        contentTypes: {},
        avgPreservedRatio: 1,
      });
    });

    it("resets everything with clear", () => {
      const tracker = new TruncationTracker();
      tracker.recordTruncation(cut(10, 5));
      tracker.clear();
      expect(tracker.events).toEqual([]);
      expect(tracker.getSummary().eventCount).toBe(0);
      expect(tracker.totalTokensRemoved).toBe(0);
    });
  });

  describe("bounded history", () => {
    it("keeps only the most recent maxHistory events while totals count all of them", () => {
      const tracker = new TruncationTracker({ maxHistory: 3 });
      for (let i = 1; i <= 10; i++) tracker.recordTruncation(cut(100, 100 - i));
      expect(tracker.events.map((e) => e.tokensRemoved)).toEqual([8, 9, 10]);
      expect(tracker.eventCount).toBe(10);
      expect(tracker.totalTokensRemoved).toBe(55);
    });

    it("defaults to 1000 events", () => {
      const tracker = new TruncationTracker();
      expect(tracker.maxHistory).toBe(1000);
      for (let i = 0; i < 1005; i++) tracker.recordTruncation(cut(2, 1));
      expect(tracker.events).toHaveLength(1000);
      expect(tracker.eventCount).toBe(1005);
    });

    it("keeps no history with maxHistory 0 but still emits and counts", () => {
      const sink = new RecordingEventSink();
      const tracker = new TruncationTracker({ maxHistory: 0, eventSink: sink });
      tracker.recordTruncation(cut(3, 1));
      expect(tracker.events).toEqual([]);
      expect(tracker.eventCount).toBe(1);
      expect(sink.ofType("context.truncation")).toHaveLength(1);
    });

    it("returns a copy of the history that callers cannot change", () => {
      const tracker = new TruncationTracker();
      tracker.recordTruncation(cut(3, 1));
      (tracker.events as unknown[]).length = 0;
      expect(tracker.events).toHaveLength(1);
    });

    it("records through a view into the same history, naming the view's stage and attempt", () => {
      const sink = new RecordingEventSink();
      const tracker = new TruncationTracker({ eventSink: sink, maxHistory: 5 });
      const view = tracker.forStage({ name: "answer", attempt: 1 });
      expect(view.maxHistory).toBe(5);
      view.recordTruncation(cut(3, 1));
      tracker.recordTruncation(cut(4, 1));
      view.recordTruncation({ ...cut(5, 1), stage: "other" });
      expect(tracker.eventCount).toBe(3);
      expect(view.events).toHaveLength(3);
      expect(sink.ofType("context.truncation").map((e) => [e.stage, e.attempt])).toEqual([
        ["answer", 1],
        [undefined, undefined],
        ["other", undefined],
      ]);
      view.clear();
      expect(tracker.eventCount).toBe(0);
    });

    it("rejects a negative or fractional maxHistory and unknown options", () => {
      expect(() => new TruncationTracker({ maxHistory: -1 })).toThrow(/maxHistory must be a whole number/);
      expect(() => new TruncationTracker({ maxHistory: 1.5 })).toThrow(InvalidOptionsError);
      expect(() => new TruncationTracker({ event_sink: undefined } as never)).toThrow(
        /Did you mean "eventSink"/,
      );
    });
  });
});
