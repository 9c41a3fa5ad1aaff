/**
 * @module Conditional branches run with one, several and zero selected routes.
 */
import { StageKind, StageOutput, defineStage } from "@stageflow/core";
import { createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { expectDependenciesFirst, recorder, router, startOrder, step } from "./helpers.js";

function chat(route: string | readonly string[] | undefined) {
  return new FluentPipelineBuilder("chat")
    .stage(step("guard", StageKind.GUARD))
    .conditionalBranch(
      router("intent", route),
      { search: step("web_search"), code: step("code_tool"), smalltalk: step("small_talk") },
      step("answer"),
    )
    .stage(step("log", StageKind.WORK));
}

describe("conditionalBranch", () => {
  it("runs only the branch the router selects with ok({ route: key }), then the merge", async () => {
    const builder = chat("code");
    const sink = recorder();
    const result = await builder.run(createTestSnapshot(), { eventSink: sink });
    expect(result.status).toBe("completed");
    expect(startOrder(sink)).toEqual(["guard", "intent", "code_tool", "answer", "log"]);
    expect(result.output("answer")?.data).toEqual({ saw: ["code_tool"] });
    for (const pruned of ["web_search", "small_talk"]) {
      expect(result.stages[pruned]).toMatchObject({ status: "skip", pruned: true });
    }
    const skipped = sink
      .ofType("stage.skipped")
      .map((e) => [e.stage, (e.data as { pruned: boolean }).pruned]);
    expect(skipped).toEqual([
      ["web_search", true],
      ["small_talk", true],
    ]);
    expectDependenciesFirst(builder.build(), sink);
  });

  it("runs several branches when the route is an array, and the merge sees each of them", async () => {
    const builder = chat(["search", "smalltalk"]);
    const sink = recorder();
    const result = await builder.run(createTestSnapshot(), { eventSink: sink });
    expect(result.status).toBe("completed");
    expect(startOrder(sink)).toEqual(["guard", "intent", "web_search", "small_talk", "answer", "log"]);
    expect(result.output("answer")?.data).toEqual({ saw: ["web_search", "small_talk"] });
    expect(result.stages.code_tool).toMatchObject({ status: "skip", pruned: true });
  });

  it("runs every branch when the router gives no route at all", async () => {
    const result = await chat(undefined).run(createTestSnapshot());
    expect(result.output("answer")?.data).toEqual({ saw: ["web_search", "code_tool", "small_talk"] });
  });

  describe("with zero selected routes", () => {
    it("prunes every branch, the merge and everything that only follows the merge; the run still completes", async () => {
      const builder = chat([]);
      const sink = recorder();
      const result = await builder.run(createTestSnapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(startOrder(sink)).toEqual(["guard", "intent"]);
      for (const name of ["web_search", "code_tool", "small_talk", "answer", "log"]) {
        expect(result.stages[name], name).toMatchObject({ status: "skip", pruned: true });
      }
      expect(result.stages.answer?.reason).toBe("every dependency was pruned");
      expect(result.output("answer")).toBeUndefined();
    });

    it("treats a route naming no branch key like an empty route", async () => {
      const result = await chat("unknown_intent").run(createTestSnapshot());
      expect(result.status).toBe("completed");
      expect(result.stages.answer).toMatchObject({ status: "skip", pruned: true });
    });

    it("keeps the merge running when the router routes to an explicit fallback branch instead", async () => {
      const intent = defineStage({
        name: "intent",
        kind: StageKind.ROUTE,
        execute: (ctx) => StageOutput.ok({ route: ctx.snapshot.inputText === "?" ? "fallback" : "search" }),
      });
      const builder = new FluentPipelineBuilder("chat").conditionalBranch(
        intent,
        { search: step("web_search"), fallback: step("clarify") },
        step("answer"),
      );
      const result = await builder.run(createTestSnapshot({ inputText: "?" }));
      expect(result.output("answer")?.data).toEqual({ saw: ["clarify"] });
    });
  });

  it("selects a branch by its key even when the stage's name differs", async () => {
    const builder = new FluentPipelineBuilder("t").conditionalBranch(router("r", "yes"), {
      yes: step("stage_for_yes"),
      no: step("stage_for_no"),
    });
    const result = await builder.run(createTestSnapshot());
    expect(result.stages.stage_for_yes?.status).toBe("ok");
    expect(result.stages.stage_for_no).toMatchObject({ status: "skip", pruned: true });
  });

  it("validates routerDependsOn and the router's kind", () => {
    const b = new FluentPipelineBuilder("t").stage(step("a")).stage(step("b"));
    b.conditionalBranch(router("r", "x"), { x: step("x") }, undefined, { routerDependsOn: ["a"] });
    expect(b.build().stages.find((s) => s.name === "r")?.dependsOn).toEqual(["a"]);
    expect(() =>
      b.conditionalBranch(router("r2", "x"), { y: step("y") }, undefined, { router_depends_on: [] } as never),
    ).toThrow(/Did you mean "routerDependsOn"\?/);
    expect(() => b.conditionalBranch(step("r3"), { z: step("z") })).toThrow(/give it kind: StageKind.ROUTE/);
  });
});
