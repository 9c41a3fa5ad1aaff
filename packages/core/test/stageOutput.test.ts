import { describe, expect, it } from "vitest";
import { isStageOutput, StageKind, StageOutput, StageStatus, isStageKind } from "../src/index.js";

describe("StageOutput", () => {
  it("builds frozen, branded outputs for each status", () => {
    const ok = StageOutput.ok({ a: 1 });
    expect(ok).toMatchObject({ status: "ok", data: { a: 1 }, artifacts: [], events: [] });
    expect(ok.error).toBeUndefined();
    expect(Object.isFrozen(ok)).toBe(true);
    expect(isStageOutput(ok)).toBe(true);
    expect(isStageOutput({ status: "ok", data: 1, artifacts: [], events: [] })).toBe(false);
    expect(isStageOutput(null)).toBe(false);

    expect(StageOutput.skip()).toMatchObject({ status: "skip", reason: "skipped by stage", data: undefined });
    expect(StageOutput.skip("cache hit", { v: 2 })).toMatchObject({
      status: "skip",
      reason: "cache hit",
      data: { v: 2 },
    });
    expect(StageOutput.cancel("unsafe", "refusal")).toMatchObject({
      status: "cancel",
      reason: "unsafe",
      data: "refusal",
    });
    expect(StageOutput.cancel().reason).toBe("cancelled by stage");
  });

  it("turns a fail or retry message into an Error and keeps an Error as is", () => {
    const error = new TypeError("bad");
    expect(StageOutput.fail(error).error).toBe(error);
    expect(StageOutput.fail("went wrong").error).toEqual(new Error("went wrong"));
    expect(StageOutput.retry("later", { partial: 1 })).toMatchObject({
      status: "retry",
      data: { partial: 1 },
    });
    expect(StageOutput.retry(503).error?.message).toBe("503");
  });

  it("carries artifacts, events and a self-reported duration", () => {
    const out = StageOutput.ok("x", {
      artifacts: [{ type: "citation", payload: { url: "u" } }],
      events: [{ type: "token", data: 5 }],
      durationMs: 12,
    });
    expect(out.artifacts).toEqual([{ type: "citation", payload: { url: "u" } }]);
    expect(out.events).toEqual([{ type: "token", data: 5 }]);
    expect(out.durationMs).toBe(12);
    expect(StageOutput.fail("x", undefined, { durationMs: 3 }).durationMs).toBe(3);
  });
});

describe("StageKind and StageStatus", () => {
  it("map Python enum names to string values", () => {
    expect(StageKind).toEqual({
      TRANSFORM: "transform",
      ENRICH: "enrich",
      ROUTE: "route",
      GUARD: "guard",
      WORK: "work",
      AGENT: "agent",
    });
    expect(StageStatus).toEqual({ OK: "ok", SKIP: "skip", CANCEL: "cancel", FAIL: "fail", RETRY: "retry" });
    expect(isStageKind("route")).toBe(true);
    expect(isStageKind("ROUTE")).toBe(false);
    expect(isStageKind(undefined)).toBe(false);
  });
});
