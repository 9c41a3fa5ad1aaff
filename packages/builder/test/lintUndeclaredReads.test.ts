/**
 * @module lintPipeline's `undeclared-read` rule: reads of stages a stage does not depend on.
 */
import {
  Pipeline,
  UndeclaredDependencyError,
  defineStage,
  type AnyStage,
  type StageContext,
} from "@stageflow/core";
import { createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { FluentPipelineBuilder, lintPipeline, type LintIssue } from "@stageflow/builder";
import { router, step } from "./helpers.js";

const reader = (name: string, execute: (ctx: StageContext) => unknown): AnyStage =>
  defineStage({ name, execute });

const undeclared = (issues: readonly LintIssue[]): Array<[string | undefined, string | undefined]> =>
  issues
    .filter((i) => i.rule === "undeclared-read")
    .map((i) => [i.stage, i.message.match(/reads "(\w+)"/)?.[1]]);

describe("undeclared-read", () => {
  it("reports a literal read of a stage the reader does not depend on, as an error that the run confirms", async () => {
    const p = new Pipeline("p")
      .withStage(step("profile"))
      .withStage(step("history"), { dependsOn: ["profile"] })
      .withStage(
        reader("prompt", (ctx) => [ctx.inputs.get("profile"), ctx.inputs.get("history")]),
        { dependsOn: ["profile"] },
      );
    expect(lintPipeline(p)).toEqual([
      {
        rule: "undeclared-read",
        severity: "error",
        stage: "prompt",
        message:
          'stage "prompt" reads "history" in execute but does not depend on it, so the read throws UndeclaredDependencyError when it runs; add "history" to its dependsOn.',
      },
    ]);
    const result = await p.run(createTestSnapshot());
    expect(result.stages.prompt?.error).toBeInstanceOf(UndeclaredDependencyError);
  });

  it("reports every read method, and a stage read through an identifier equal to its name or camelCase name", () => {
    const webSearch = step("web_search");
    const answer = step("answer");
    const p = new Pipeline("p")
      .withStage(webSearch)
      .withStage(answer, { dependsOn: [] })
      .withStage(step("other"), { dependsOn: [] })
      .withStage(
        reader("summary", (ctx) => [
          ctx.inputs.require(webSearch),
          ctx.inputs.has(answer),
          ctx.inputs.getFrom<string>("other", "saw"),
        ]),
        { dependsOn: [] },
      );
    expect(undeclared(lintPipeline(p))).toEqual([
      ["summary", "other"],
      ["summary", "web_search"],
      ["summary", "answer"],
    ]);
  });

  it("reports a read of a transitive dependency, which core does not expose", () => {
    const b = new FluentPipelineBuilder("t")
      .stage(step("a"))
      .stage(step("b"))
      .stage(reader("c", (ctx) => [ctx.inputs.get("a"), ctx.inputs.get("b")]));
    expect(undeclared(lintPipeline(b))).toEqual([["c", "a"]]);
  });

  it("reports reads in a when condition, and each stage read once per reader", () => {
    const p = new Pipeline("p")
      .withStage(step("flag"))
      .withStage(step("data"), { dependsOn: [] })
      .withStage(
        reader("gated", (ctx) => ctx.inputs.get("flag")),
        { dependsOn: ["data"], when: (inputs) => inputs.has("flag") && inputs.has("data") },
      );
    const issues = lintPipeline(p, { ignore: ["unread-dependency"] });
    expect(undeclared(issues)).toEqual([["gated", "flag"]]);
    expect(issues[0]?.message).toContain('reads "flag" in execute');
    const whenOnly = new Pipeline("q").withStage(step("flag")).withStage(
      reader("gated", () => 1),
      { dependsOn: [], when: { evaluate: (inputs) => inputs.get("flag") !== undefined } },
    );
    expect(lintPipeline(whenOnly, { ignore: ["isolated-stage"] }).map((i) => i.message)).toEqual([
      'stage "gated" reads "flag" in its when condition but does not depend on it, so the read throws UndeclaredDependencyError when it runs; add "flag" to its dependsOn.',
    ]);
  });

  it("stays silent unless the read names a stage of the pipeline confidently", () => {
    const memory = step("memory_enrich");
    const name = "a";
    const helper = (ctx: StageContext): unknown => ctx.inputs.get("a");
    const p = new Pipeline("p")
      .withStage(step("a"))
      .withStage(memory, { dependsOn: [] })
      .withStage(router("r", "x"), { dependsOn: ["a", memory] })
      .withStage(
        reader("x", (ctx) => [ctx.inputs.get("r"), ctx.inputs.get("a")]),
        { dependsOn: ["r", "a"] },
      )
      .withStage(
        reader("self", (ctx) => ctx.inputs.get("self")),
        { dependsOn: ["a"] },
      )
      .withStage(
        reader("not_a_stage", (ctx) => ctx.inputs.get("nowhere")),
        { dependsOn: ["a"] },
      )
      .withStage(
        reader("variable", (ctx) => ctx.inputs.get(memory)),
        { dependsOn: ["a"] },
      )
      .withStage(
        reader("string_variable", (ctx) => ctx.inputs.get(name)),
        { dependsOn: [memory] },
      )
      .withStage(
        reader("passes_ctx_on", (ctx) => [helper(ctx), ctx.inputs.get("a")]),
        { dependsOn: [] },
      )
      .withStage(
        reader("lists_names", (ctx) => ctx.inputs.names.includes("a") && ctx.inputs.get("a")),
        {
          dependsOn: [],
        },
      );
    expect(lintPipeline(p, { ignore: ["unread-dependency", "isolated-stage"] })).toEqual([]);
  });

  it("leaves out an identifier two stages could both claim", () => {
    const webSearch = step("web_search");
    const p = new Pipeline("p")
      .withStage(webSearch)
      .withStage(step("webSearch"), { dependsOn: [] })
      .withStage(step("memory"), { dependsOn: [] })
      .withStage(
        reader("reads", (ctx) => [ctx.inputs.get(webSearch), ctx.inputs.get("memory")]),
        {
          dependsOn: ["memory"],
        },
      );
    expect(undeclared(lintPipeline(p))).toEqual([]);
  });

  it("sorts before warnings and can be ignored", () => {
    const p = new Pipeline("p")
      .withStage(step("alone"))
      .withStage(step("a"), { dependsOn: [] })
      .withStage(
        reader("b", (ctx) => ctx.inputs.get("alone")),
        { dependsOn: ["a"] },
      );
    expect(lintPipeline(p).map((i) => [i.rule, i.severity])).toEqual([
      ["undeclared-read", "error"],
      ["isolated-stage", "warning"],
      ["unread-dependency", "info"],
    ]);
    expect(lintPipeline(p, { ignore: ["undeclared-read"] }).map((i) => i.rule)).toEqual([
      "isolated-stage",
      "unread-dependency",
    ]);
  });
});
