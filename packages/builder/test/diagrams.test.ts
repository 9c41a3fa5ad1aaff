/**
 * @module Mermaid and DOT pictures, and the describe() summary.
 */
import { InvalidOptionsError, Pipeline, StageKind } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { FluentPipelineBuilder, describePipeline, withLinearChain } from "@stageflow/builder";
import { router, step } from "./helpers.js";

function chatPipeline() {
  return new FluentPipelineBuilder("chat")
    .stage(step("guard", StageKind.GUARD))
    .parallel(2, (i) => step(["profile", "memory"][i] as string, StageKind.ENRICH))
    .conditionalBranch(
      router("intent", "search"),
      { search: step("web_search", StageKind.AGENT), chat: step("small_talk") },
      step("answer"),
    )
    .stage(step("save", StageKind.WORK));
}

describe("pictures", () => {
  it("draws a Mermaid flowchart with shapes by kind and dashed, key-labelled edges out of routers", () => {
    expect(chatPipeline().toMermaid()).toMatchInlineSnapshot(`
      "flowchart TD
        s0{{"guard<br/>guard"}}
        s1[("profile<br/>enrich")]
        s2[("memory<br/>enrich")]
        s3{"intent<br/>route"}
        s4(["web_search<br/>agent"])
        s5["small_talk<br/>transform"]
        s6["answer<br/>transform"]
        s7[["save<br/>work"]]
        s0 --> s1
        s0 --> s2
        s1 --> s3
        s2 --> s3
        s3 -.->|"search"| s4
        s3 -.->|"chat"| s5
        s4 --> s6
        s5 --> s6
        s6 --> s7
        classDef guard fill:#fdecea,stroke:#c0392b
        class s0 guard
        classDef enrich fill:#e9f7ef,stroke:#2e8b57
        class s1,s2 enrich
        classDef route fill:#fff6d9,stroke:#b8860b
        class s3 route
        classDef agent fill:#e8f6f8,stroke:#17808c
        class s4 agent
        classDef transform fill:#eef3ff,stroke:#4a6fd1
        class s5,s6 transform
        classDef work fill:#f3ecfa,stroke:#7d3c98
        class s7 work
      "
    `);
  });

  it("draws a Graphviz digraph with the same conventions", () => {
    expect(chatPipeline().toDot({ direction: "LR" })).toMatchInlineSnapshot(`
      "digraph "chat" {
        rankdir=LR;
        node [fontname="Helvetica"];
        s0 [label="guard\\nguard", shape=hexagon];
        s1 [label="profile\\nenrich", shape=cylinder];
        s2 [label="memory\\nenrich", shape=cylinder];
        s3 [label="intent\\nroute", shape=diamond];
        s4 [label="web_search\\nagent", shape=ellipse];
        s5 [label="small_talk\\ntransform", shape=box];
        s6 [label="answer\\ntransform", shape=box];
        s7 [label="save\\nwork", shape=component];
        s0 -> s1;
        s0 -> s2;
        s1 -> s3;
        s2 -> s3;
        s3 -> s4 [style=dashed, label="search"];
        s3 -> s5 [style=dashed, label="chat"];
        s4 -> s6;
        s5 -> s6;
        s6 -> s7;
      }
      "
    `);
  });

  it("escapes names that would break the diagram syntax", () => {
    const b = new FluentPipelineBuilder('say "hi"')
      .stage(step('quote"d <b>|x|</b>'))
      .stage(step("back\\slash"));
    expect(b.toMermaid()).toContain('s0["quote#34;d #60;b#62;#124;x#124;#60;/b#62;<br/>transform"]');
    expect(b.toDot()).toContain('digraph "say \\"hi\\"" {');
    const multiline = new FluentPipelineBuilder("t").stage(step("two\nlines"));
    expect(multiline.toMermaid()).toContain('s0["two<br/>lines<br/>transform"]');
    expect(multiline.toDot()).toContain('s0 [label="two\\nlines\\ntransform", shape=box];');
    expect(b.toDot()).toContain('s1 [label="back\\\\slash\\ntransform", shape=box];');
  });

  it("validates the graph first and rejects an unknown direction", () => {
    const b = new FluentPipelineBuilder<string>("t").stage(step("a")).stage(step("b"), { dependsOn: ["aa"] });
    expect(() => b.toMermaid()).toThrow(/Did you mean "a"\?/);
    const ok = new FluentPipelineBuilder("t").stage(step("a"));
    expect(() => ok.toDot({ direction: "TB" as never })).toThrow(InvalidOptionsError);
    expect(ok.toMermaid({ direction: "LR" }).split("\n")[0]).toBe("flowchart LR");
  });
});

describe("describe", () => {
  it("reports stages, edges, depth, width and the critical path", () => {
    const d = chatPipeline().describe();
    expect(d).toMatchObject({
      name: "chat",
      stageCount: 8,
      edgeCount: 9,
      depth: 6,
      width: 2,
      criticalPath: ["guard", "profile", "intent", "web_search", "answer", "save"],
      criticalPathLength: 6,
      roots: ["guard"],
      leaves: ["save"],
      routers: ["intent"],
    });
    expect(String(d)).toMatchInlineSnapshot(`
      "Pipeline "chat": 8 stages, 9 edges
      depth 6, width 2
      critical path (length 6): guard → profile → intent → web_search → answer → save
      roots: guard
      leaves: save
      routers: intent"
    `);
  });

  it("weights the critical path by a per-stage cost", () => {
    const d = chatPipeline().describe({
      weight: (s) => (s.name === "memory" ? 50 : s.name === "small_talk" ? 100 : 1),
    });
    expect(d.criticalPath).toEqual(["guard", "memory", "intent", "small_talk", "answer", "save"]);
    expect(d.criticalPathLength).toBe(154);
    expect(() => chatPipeline().describe({ weight: () => -1 })).toThrow(/must be a finite number >= 0/);
  });

  it("measures width as the widest level of a fan-out", () => {
    const pipeline = new Pipeline("p").withStage(step("a"));
    withLinearChain(pipeline, 3, (i) => step(`c${i}`), { firstDependsOn: [] });
    for (let i = 0; i < 5; i++) pipeline.withStage(step(`w${i}`), { dependsOn: ["a"] });
    const d = describePipeline(pipeline);
    expect(d).toMatchObject({ stageCount: 9, depth: 3, width: 6, criticalPath: ["c0", "c1", "c2"] });
  });
});
