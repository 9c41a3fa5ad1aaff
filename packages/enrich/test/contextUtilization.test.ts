import { InvalidOptionsError } from "@stageflow/core";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { ContextUtilization } from "@stageflow/enrich";

describe("ContextUtilization", () => {
  describe("token accounting", () => {
    it("tracks used, available and utilization against max minus reserved", () => {
      const budget = new ContextUtilization({ maxTokens: 1000, reservedTokens: 200 });
      expect(budget.add(300)).toBe(true);
      expect(budget.usedTokens).toBe(300);
      expect(budget.availableTokens).toBe(500);
      expect(budget.utilization).toBeCloseTo(300 / 800);
      expect(budget.isNearLimit).toBe(false);
      expect(budget.isAtLimit).toBe(false);
    });

    it("starts from usedTokens when given", () => {
      const budget = new ContextUtilization({ maxTokens: 100, usedTokens: 40 });
      expect(budget.availableTokens).toBe(60);
      expect(budget.utilization).toBeCloseTo(0.4);
    });

    it("refuses an add that would overflow and spends nothing", () => {
      const budget = new ContextUtilization({ maxTokens: 100, reservedTokens: 10 });
      expect(budget.add(80)).toBe(true);
      expect(budget.canFit(10)).toBe(true);
      expect(budget.canFit(11)).toBe(false);
      expect(budget.add(11)).toBe(false);
      expect(budget.usedTokens).toBe(80);
      expect(budget.add(10)).toBe(true);
      expect(budget.isAtLimit).toBe(true);
      expect(budget.add(1)).toBe(false);
      expect(budget.add(0)).toBe(true);
    });

    it("detects near-limit at the configured ratio", () => {
      const budget = new ContextUtilization({ maxTokens: 100, nearLimitRatio: 0.5 });
      budget.add(49);
      expect(budget.isNearLimit).toBe(false);
      budget.add(1);
      expect(budget.isNearLimit).toBe(true);
    });

    it("defaults the near-limit ratio to 0.8", () => {
      const budget = new ContextUtilization({ maxTokens: 10 });
      expect(budget.nearLimitRatio).toBe(0.8);
      budget.add(7);
      expect(budget.isNearLimit).toBe(false);
      budget.add(1);
      expect(budget.isNearLimit).toBe(true);
    });

    it("treats a budget whose whole size is reserved as full", () => {
      const budget = new ContextUtilization({ maxTokens: 50, reservedTokens: 50 });
      expect(budget.utilization).toBe(1);
      expect(budget.isAtLimit).toBe(true);
      expect(budget.add(1)).toBe(false);
    });

    it("gives tokens back with release, never below zero", () => {
      const budget = new ContextUtilization({ maxTokens: 100 });
      budget.add(30);
      budget.release(10);
      expect(budget.usedTokens).toBe(20);
      budget.release(500);
      expect(budget.usedTokens).toBe(0);
    });

    it("serialises every figure with toJSON", () => {
      const budget = new ContextUtilization({
        maxTokens: 100,
        reservedTokens: 20,
        usedTokens: 40,
        nearLimitRatio: 0.5,
      });
      expect(JSON.parse(JSON.stringify(budget))).toEqual({
        maxTokens: 100,
        usedTokens: 40,
        reservedTokens: 20,
        availableTokens: 40,
        utilization: 0.5,
        nearLimitRatio: 0.5,
        isNearLimit: true,
        isAtLimit: false,
      });
    });
  });

  describe("context.near_limit", () => {
    it("emits once when utilization crosses the ratio, not on every later add", () => {
      const sink = new RecordingEventSink();
      const clock = new FakeClock({ now: 5000 });
      const budget = new ContextUtilization({
        maxTokens: 100,
        nearLimitRatio: 0.8,
        eventSink: sink,
        clock,
        runId: "r1",
        pipeline: "p",
      });
      budget.add(79);
      expect(sink.ofType("context.near_limit")).toHaveLength(0);
      budget.add(1, { stage: "answer" });
      budget.add(5);
      budget.add(5);
      const events = sink.ofType("context.near_limit");
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ runId: "r1", pipeline: "p", stage: "answer", timestamp: 5000 });
      expect(events[0]?.data).toMatchObject({
        usedTokens: 80,
        maxTokens: 100,
        utilization: 0.8,
        isNearLimit: true,
      });
      sink.assertWellFormed();
    });

    it("emits again after release brought utilization back below the ratio", () => {
      const sink = new RecordingEventSink();
      const budget = new ContextUtilization({ maxTokens: 10, nearLimitRatio: 0.5, eventSink: sink });
      budget.add(6);
      budget.release(3);
      budget.add(1);
      budget.add(1);
      expect(sink.ofType("context.near_limit").map((e) => e.data)).toMatchObject([
        { usedTokens: 6 },
        { usedTokens: 5 },
      ]);
    });

    it("does not emit for a budget created already near its limit", () => {
      const sink = new RecordingEventSink();
      const budget = new ContextUtilization({ maxTokens: 10, usedTokens: 9, eventSink: sink });
      budget.add(1);
      expect(sink.ofType("context.near_limit")).toHaveLength(0);
    });

    it("does not emit for a refused add", () => {
      const sink = new RecordingEventSink();
      const budget = new ContextUtilization({ maxTokens: 10, eventSink: sink });
      expect(budget.add(11)).toBe(false);
      expect(sink.events).toHaveLength(0);
    });

    it("keeps working when the sink throws", () => {
      const budget = new ContextUtilization({
        maxTokens: 10,
        eventSink: {
          emit() {
            throw new Error("sink down");
          },
        },
      });
      expect(budget.add(9)).toBe(true);
      expect(budget.usedTokens).toBe(9);
    });
  });

  describe("forStage", () => {
    it("spends the same tokens through a view whose near-limit event names its stage and attempt", () => {
      const sink = new RecordingEventSink();
      const budget = new ContextUtilization({ maxTokens: 100, eventSink: sink, runId: "r1" });
      const view = budget.forStage({ name: "answer", attempt: 2 });
      expect(view).toBeInstanceOf(ContextUtilization);
      expect(view.add(50)).toBe(true);
      expect(budget.usedTokens).toBe(50);
      expect(budget.add(40)).toBe(true);
      expect(view.availableTokens).toBe(10);
      expect(view.add(11)).toBe(false);
      view.release(30);
      expect(budget.usedTokens).toBe(60);
      expect(view.add(30)).toBe(true);
      expect(sink.ofType("context.near_limit").map((e) => [e.runId, e.stage, e.attempt])).toEqual([
        ["r1", undefined, undefined],
        ["r1", "answer", 2],
      ]);
    });
  });

  describe("attempts", () => {
    it("gives back what earlier attempts of a stage spent when a later attempt's view is made", () => {
      const budget = new ContextUtilization({ maxTokens: 100 });
      budget.add(10); // spent outside any stage: never given back
      budget.forStage({ name: "other", attempt: 1 }).add(20);
      const first = budget.forStage({ name: "answer", attempt: 1 });
      first.add(50);
      first.release(20); // given back by the attempt itself: not given back twice
      expect(budget.usedTokens).toBe(60);
      const second = budget.forStage({ name: "answer", attempt: 2 });
      expect(budget.usedTokens).toBe(30);
      expect(second.add(70)).toBe(true);
      // Another view of the same attempt gives nothing back.
      budget.forStage({ name: "answer", attempt: 2 });
      expect(budget.usedTokens).toBe(100);
    });
  });

  describe("validation", () => {
    it("names the closest option for a Python-style key", () => {
      expect(() => new ContextUtilization({ maxTokens: 10, reserved_tokens: 2 } as never)).toThrow(
        /Did you mean "reservedTokens"/,
      );
    });

    it.each([
      [{ maxTokens: -1 }, /maxTokens must be a whole number/],
      [{ maxTokens: 1.5 }, /maxTokens must be a whole number/],
      [{ maxTokens: 10, reservedTokens: 11 }, /reservedTokens \(11\) exceeds maxTokens \(10\)/],
      [{ maxTokens: 10, nearLimitRatio: 0 }, /nearLimitRatio must be in \(0, 1\]/],
      [{ maxTokens: 10, nearLimitRatio: 1.2 }, /nearLimitRatio must be in \(0, 1\]/],
      [{ maxTokens: 10, usedTokens: -3 }, /usedTokens must be a whole number/],
    ])("rejects %j", (options, message) => {
      expect(() => new ContextUtilization(options)).toThrow(InvalidOptionsError);
      expect(() => new ContextUtilization(options)).toThrow(message);
    });

    it("rejects negative or fractional token counts in add", () => {
      const budget = new ContextUtilization({ maxTokens: 10 });
      expect(() => budget.add(-1)).toThrow(InvalidOptionsError);
      expect(() => budget.add(0.5)).toThrow(/tokens must be a whole number/);
    });
  });
});
