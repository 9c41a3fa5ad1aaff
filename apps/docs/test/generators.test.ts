/**
 * @module The docs build's own rules and generators.
 */
import { ContextSnapshotSchema } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findGuideProblems } from "../scripts/lib/checkGuides.js";
import { dagToMermaid, dagToSvg } from "../scripts/lib/dagPicture.js";
import { emittersOf } from "../scripts/lib/eventCatalogue.js";
import { snapshotFields } from "../scripts/lib/snapshotFields.js";

const exists = (files: string[]) => (path: string) => files.includes(path);

describe("the guide checker", () => {
  it("rejects a guide that inlines a TypeScript or JavaScript fence", () => {
    const text = ["# Guide", "", "```ts", "const x = 1;", "```", "", "```js", "x()", "```"].join("\n");
    const problems = findGuideProblems([{ path: "/g/a.md", text }], { exists: exists([]), examples: [] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("/g/a.md:3: inline `ts` code block");
    expect(problems[1]).toContain("/g/a.md:7: inline `js` code block");
  });

  it("rejects an unlabeled fence but accepts shell, text and mermaid fences", () => {
    const text = [
      "```bash",
      "pnpm add x",
      "```",
      "```mermaid",
      "flowchart LR",
      "```",
      "```",
      "code?",
      "```",
    ].join("\n");
    const problems = findGuideProblems([{ path: "/g/a.md", text }], { exists: exists([]), examples: [] });
    expect(problems).toEqual([
      "/g/a.md:7: unlabeled code fence; label it (text, bash, mermaid) or include code from examples/",
    ]);
  });

  it("ignores fence-like lines inside a longer fence", () => {
    const text = ["````text", "```ts", "````"].join("\n");
    expect(findGuideProblems([{ path: "/g/a.md", text }], { exists: exists([]), examples: [] })).toEqual([]);
  });

  it("requires included examples to exist, to have expected output, and every example to be included", () => {
    const text =
      "{@includeCode ../examples/a.ts}\n{@includeCode ../examples/b.ts#region}\n{@includeCode ../examples/gone.ts}";
    const problems = findGuideProblems([{ path: "/docs/guides/x.md", text }], {
      exists: exists(["/docs/examples/a.ts", "/docs/examples/a.out.txt", "/docs/examples/b.ts"]),
      examples: ["/docs/examples/a.ts", "/docs/examples/b.ts", "/docs/examples/orphan.ts"],
    });
    expect(problems).toEqual([
      "/docs/guides/x.md: example ../examples/b.ts has no expected-output file (../examples/b.out.txt)",
      "/docs/guides/x.md: {@includeCode ../examples/gone.ts} points at a missing file",
      "/docs/examples/orphan.ts: example is not included by any guide",
    ]);
  });
});

describe("the snapshot field reference", () => {
  it("lists every field of ContextSnapshotSchema, nested ones included, with its description", () => {
    const fields = snapshotFields(ContextSnapshotSchema);
    const paths = fields.map((f) => f.path);
    for (const key of Object.keys(ContextSnapshotSchema.shape)) expect(paths).toContain(key);
    expect(paths).toContain("runId.pipelineRunId");
    expect(paths).toContain("conversation.messages[].role");
    expect(fields.every((f) => f.description.length > 0)).toBe(true);
    expect(fields.find((f) => f.path === "createdAt")).toMatchObject({
      required: true,
      type: "string (ISO 8601)",
    });
    expect(fields.find((f) => f.path === "topology")).toMatchObject({
      required: false,
      defaultValue: "null",
      type: "string | null",
    });
  });

  it("refuses a schema with an undescribed field", () => {
    const schema = z.object({ ok: z.string().describe("fine"), bare: z.number() });
    expect(() => snapshotFields(schema)).toThrow('snapshot field "bare" has no .describe() text');
  });
});

describe("DAG pictures", () => {
  const nodes = [
    { name: "router", kind: "route", dependsOn: [] },
    { name: "a", kind: "transform", dependsOn: ["router"] },
    { name: "b", kind: "transform", dependsOn: ["router"] },
    { name: "merge", kind: "work", dependsOn: ["a", "b"] },
  ];

  it("draws one box per stage and one arrow per dependency", () => {
    const svg = dagToSvg(nodes, "demo");
    expect(svg.match(/<rect [^>]*class="box"/g)).toHaveLength(4);
    expect(svg.match(/class="edge"/g)).toHaveLength(4);
    expect(svg).toContain(">merge</text>");
  });

  it("writes the same graph as Mermaid text", () => {
    expect(dagToMermaid(nodes)).toBe(
      [
        "flowchart LR",
        '  s0["router (route)"]',
        '  s1["a (transform)"]',
        '  s2["b (transform)"]',
        '  s3["merge (work)"]',
        "  s0 --> s1",
        "  s0 --> s2",
        "  s1 --> s3",
        "  s2 --> s3",
        "",
      ].join("\n"),
    );
  });

  it("refuses a cycle", () => {
    expect(() => dagToSvg([{ name: "x", kind: "work", dependsOn: ["x"] }], "bad")).toThrow(
      'cycle through "x"',
    );
  });
});

describe("the event catalogue's emitter column", () => {
  const packages = [
    {
      name: "@stageflow/core",
      files: [
        { path: "/p/core/src/events/eventTypes.ts", text: '"stage.retry_scheduled": {...}' },
        {
          path: "/p/core/src/run.ts",
          text: 'emitter.emit(`pipeline.${status}`, data);\nemit("stage.started", {});',
        },
      ],
    },
    {
      name: "@stageflow/retry",
      files: [
        {
          path: "/p/retry/src/loop.ts",
          text: '/**\n * emits `stage.started` too\n */\nctx.emit("stage.retry_scheduled", data);',
        },
      ],
    },
    {
      name: "@stageflow/testing",
      files: [{ path: "/p/testing/src/sample.ts", text: '["stage.retry_scheduled", "stage.started"]' }],
    },
  ];

  it("attributes a type to the packages whose code names it, ignoring declarations, comments and fixtures", () => {
    expect(emittersOf("stage.retry_scheduled", packages)).toEqual(["@stageflow/retry"]);
    expect(emittersOf("stage.started", packages)).toEqual(["@stageflow/core"]);
  });

  it("falls back to a templated emit of the type's family", () => {
    expect(emittersOf("pipeline.completed", packages)).toEqual(["@stageflow/core"]);
    expect(emittersOf("custom.thing", packages)).toEqual([]);
  });
});
