/**
 * @module Every lintPipeline rule, and what it stays silent about.
 */
import {
  InvalidOptionsError,
  Pipeline,
  StageKind,
  defineStage,
  type AnyStage,
  type StageContext,
} from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FluentPipelineBuilder, describePipeline, lintPipeline, type LintIssue } from "@stageflow/builder";
import { router, step } from "./helpers.js";

const rules = (issues: readonly LintIssue[]): Array<[string, string | undefined]> =>
  issues.map((i) => [i.rule, i.stage]);

const reader = (name: string, execute: (ctx: StageContext) => unknown): AnyStage =>
  defineStage({ name, execute });

describe("lintPipeline", () => {
  it("says to pass the pipeline, not the graph build() returned, to lintPipeline and describePipeline", () => {
    const pipeline = new Pipeline("p").withStage(step("a"));
    const graph = pipeline.build();
    const hint =
      /expected the Pipeline \(or FluentPipelineBuilder\), not the StageGraph that build\(\) returns/;
    expect(() => lintPipeline(graph as never)).toThrow(InvalidOptionsError);
    expect(() => lintPipeline(graph as never)).toThrow(hint);
    expect(() => describePipeline(graph as never)).toThrow(hint);
    expect(() => describePipeline({} as never)).toThrow(
      "describePipeline: expected a Pipeline or a FluentPipelineBuilder.",
    );
    expect(lintPipeline(pipeline)).toEqual([]);
  });

  it("finds nothing in a well-formed builder pipeline", () => {
    const r = defineStage({
      name: "r",
      kind: StageKind.ROUTE,
      execute: (ctx) => ({ route: ctx.inputs.get("b")?.status === "ok" ? "x" : "y" }),
    });
    const b = new FluentPipelineBuilder("ok")
      .stage(step("a"))
      .stage(step("b"))
      .conditionalBranch(r, { x: step("x"), y: step("y") }, step("merge"));
    expect(lintPipeline(b)).toEqual([]);
  });

  describe("invalid-graph", () => {
    it("reports what build() would reject, with the closest name, and nothing else", () => {
      const p = new Pipeline("p")
        .withStage(step("memory_enrich"))
        .withStage(step("answer"), { dependsOn: ["memory_enrch"] })
        .withStage(step("lonely"), { dependsOn: [] });
      expect(lintPipeline(p)).toEqual([
        {
          rule: "invalid-graph",
          severity: "error",
          stage: "answer",
          message:
            'stage "answer" depends on "memory_enrch", which is not in the pipeline. Did you mean "memory_enrich"?',
        },
      ]);
    });

    it("reports a cycle with its path", () => {
      const p = new Pipeline("p")
        .withStage(step("a"), { dependsOn: ["b"] })
        .withStage(step("b"), { dependsOn: ["a"] });
      const [issue] = lintPipeline(p);
      expect(issue).toMatchObject({ rule: "invalid-graph", severity: "error" });
      expect(issue?.message).toMatch(/a → b → a|b → a → b/);
    });
  });

  it("reports isolated stages, but not a single-stage pipeline", () => {
    const p = new Pipeline("p")
      .withStage(step("a"))
      .withStage(step("b"))
      .withStage(step("c"), { dependsOn: ["a"] });
    expect(rules(lintPipeline(p))).toEqual([["isolated-stage", "b"]]);
    expect(lintPipeline(new Pipeline("one").withStage(step("only")))).toEqual([]);
  });

  describe("unreachable-branch", () => {
    const intent = defineStage({
      name: "intent",
      kind: StageKind.ROUTE,
      output: z.object({ route: z.enum(["search", "chat"]), confidence: z.number() }),
      execute: () => ({ route: "search" as const, confidence: 1 }),
    });

    it("reports a branch whose key the router's output schema rejects, and stages that only follow it", () => {
      const p = new Pipeline("p")
        .withStage(intent)
        .withStage(step("web"), { dependsOn: [intent], branch: "search" })
        .withStage(step("coder"), { dependsOn: [intent], branch: "code" })
        .withStage(step("code_review"), { dependsOn: ["coder"] })
        .withStage(step("answer"), { dependsOn: ["web", "code_review"] });
      const issues = lintPipeline(p);
      expect(rules(issues)).toEqual([
        ["unreachable-branch", "coder"],
        ["unreachable-branch", "code_review"],
      ]);
      expect(issues[0]?.message).toContain('router "intent" does not accept route "code"');
      expect(issues[0]?.severity).toBe("error");
    });

    it("accepts keys the schema allows alone or in an array, whatever other fields it requires", () => {
      const multi = defineStage({
        name: "multi",
        kind: StageKind.ROUTE,
        output: z.object({ route: z.array(z.enum(["a", "b"])) }),
        execute: () => ({ route: ["a" as const] }),
      });
      const p = new Pipeline("p")
        .withStage(multi)
        .withStage(step("a"))
        .withStage(step("b"), { dependsOn: [multi] });
      p.withStage(step("a2"), { dependsOn: [multi], branch: "a" });
      expect(lintPipeline(p, { ignore: ["isolated-stage"] })).toEqual([]);
    });

    it("does not judge routers without an output schema", () => {
      const p = new Pipeline("p")
        .withStage(router("r", "x"))
        .withStage(step("anything"), { dependsOn: ["r"] });
      expect(lintPipeline(p)).toEqual([]);
    });
  });

  it("reports a merge wired to the router as well as to its branches", () => {
    const p = new Pipeline("p")
      .withStage(router("r", "a"))
      .withStage(step("a"), { dependsOn: ["r"] })
      .withStage(step("b"), { dependsOn: ["r"] })
      .withStage(step("merge"), { dependsOn: ["r", "a", "b"] });
    const issues = lintPipeline(p);
    expect(rules(issues)).toEqual([["route-merge", "merge"]]);
    expect(issues[0]?.message).toContain('pruned unless the route names "merge"');
  });

  it("reports duplicate branch keys, branch keys without a router and routers without branches", () => {
    const p = new Pipeline("p")
      .withStage(router("r", "x"))
      .withStage(step("one"), { dependsOn: ["r"], branch: "x" })
      .withStage(step("two"), { dependsOn: ["r"], branch: "x" })
      .withStage(step("plain"), { dependsOn: ["one"] })
      .withStage(step("keyed"), { dependsOn: ["plain"], branch: "k" })
      .withStage(router("dead_end", "z"), { dependsOn: ["two"] });
    expect(rules(lintPipeline(p, { ignore: ["unread-dependency"] }))).toEqual([
      ["duplicate-branch-key", "two"],
      ["route-without-branches", "dead_end"],
      ["branch-without-router", "keyed"],
    ]);
  });

  describe("unread-dependency", () => {
    it("reports dependencies a stage provably never reads, by literal name or by a matching identifier", () => {
      const memoryEnrich = step("memory_enrich");
      const p = new Pipeline("p")
        .withStage(step("profile"))
        .withStage(memoryEnrich, { dependsOn: [] })
        .withStage(step("history"), { dependsOn: [] })
        .withStage(
          reader("prompt", (ctx) => [
            ctx.inputs.get("profile"),
            ctx.inputs.require(memoryEnrich),
            ctx.stageName,
          ]),
          { dependsOn: ["profile", "memory_enrich", "history"] },
        );
      const issues = lintPipeline(p);
      expect(issues).toEqual([
        {
          rule: "unread-dependency",
          severity: "info",
          stage: "prompt",
          message:
            'stage "prompt" declares a dependency on "history" but never reads its output; drop it unless it only orders the two stages.',
        },
      ]);
    });

    it("follows destructured inputs, method stages and when conditions", () => {
      const method: AnyStage = {
        name: "method",
        kind: StageKind.TRANSFORM,
        execute(ctx: StageContext) {
          return ctx.inputs.getFrom<string>("a", "x");
        },
      };
      const p = new Pipeline("p")
        .withStage(step("a"))
        .withStage(step("b"), { dependsOn: [] })
        .withStage(
          reader("destructured", ({ inputs }) => inputs.has("a")),
          { dependsOn: ["a", "b"] },
        )
        .withStage(method, { dependsOn: ["a", "b"] })
        .withStage(
          reader("gated", () => 1),
          { dependsOn: ["a", "b"], when: (inputs) => inputs.get("b") !== undefined },
        );
      expect(rules(lintPipeline(p))).toEqual([
        ["unread-dependency", "destructured"],
        ["unread-dependency", "method"],
        ["unread-dependency", "gated"],
      ]);
      expect(lintPipeline(p).map((i) => i.message.match(/on "(\w+)"/)?.[1])).toEqual(["b", "b", "a"]);
    });

    it("stays silent when reads cannot be known statically", () => {
      const helper = (ctx: StageContext): unknown => ctx.inputs.get("a");
      const name = "a";
      const p = new Pipeline("p")
        .withStage(step("a"))
        .withStage(
          reader("passes_ctx_on", (ctx) => helper(ctx)),
          { dependsOn: ["a"] },
        )
        .withStage(
          reader("computed", (ctx) => ctx.inputs.get(`${name}`)),
          { dependsOn: ["a"] },
        )
        .withStage(
          reader("indexed", (ctx) => ctx["inputs"].get("zzz")),
          { dependsOn: ["a"] },
        )
        .withStage(
          reader("unknown_identifier", (ctx) => ctx.inputs.get(name)),
          { dependsOn: ["a"] },
        )
        .withStage(
          reader("all_names", (ctx) => ctx.inputs.names),
          { dependsOn: ["a"] },
        )
        .withStage({ name: "bound", kind: StageKind.WORK, execute: helper.bind(null) }, { dependsOn: ["a"] });
      expect(lintPipeline(p)).toEqual([]);
    });

    it("never reports dependencies on ROUTE or GUARD stages, which select or gate", () => {
      const p = new Pipeline("p")
        .withStage(step("guard", StageKind.GUARD))
        .withStage(router("r", "x"), { dependsOn: ["guard"] })
        .withStage(
          reader("x", () => "no reads"),
          { dependsOn: ["r", "guard"] },
        );
      expect(lintPipeline(p)).toEqual([]);
    });
  });

  it("skips ignored rules and validates its options", () => {
    const p = new Pipeline("p").withStage(step("a")).withStage(step("b"));
    expect(lintPipeline(p, { ignore: ["isolated-stage"] })).toEqual([]);
    expect(() => lintPipeline(p, { ignores: [] } as never)).toThrow(/Did you mean "ignore"\?/);
  });

  it("orders findings errors first", () => {
    const intent = defineStage({
      name: "intent",
      kind: StageKind.ROUTE,
      output: z.object({ route: z.literal("a") }),
      execute: () => ({ route: "a" as const }),
    });
    const p = new Pipeline("p")
      .withStage(step("alone"))
      .withStage(intent, { dependsOn: [] })
      .withStage(step("b"), { dependsOn: [intent] });
    expect(lintPipeline(p).map((i) => i.severity)).toEqual(["error", "warning"]);
  });
});
