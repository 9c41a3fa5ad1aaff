import { ContextSnapshot, Pipeline, defineStage } from "@stageflow/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { myReportPlugin } from "./examples/reports.js";
import { readme, sample } from "./readmeSample.js";

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the quick-start example verbatim, and the example runs as documented", async () => {
    expect(readme).toContain(sample("quickstart.ts"));
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation(
      (...args: unknown[]) => void lines.push(args.map((a) => JSON.stringify(a)).join(" ")),
    );
    await import("./examples/quickstart.js");
    expect(lines).toEqual([
      '"pipeline.started" ""',
      '"stage.started" "guard"',
      '"stage.completed" "guard"',
      '"stage.started" "retrieve"',
      '"stage.completed" "retrieve"',
      '"stage.started" "answer"',
      '"stage.completed" "answer"',
      '"pipeline.completed" ""',
      '"completed" {"text":"Refunds are issued within 14 days."}',
    ]);
  });

  it("shows the report augmentation verbatim, and the plugin's report is a typed field of the result", async () => {
    expect(readme).toContain(sample("reports.ts", "augment"));
    const first = defineStage({ name: "first", execute: () => ({}) });
    const second = defineStage({ name: "second", execute: () => ({}) });
    const graph = new Pipeline("reports")
      .withStage(first)
      .withStage(second, { dependsOn: [first] })
      .build();
    const result = await graph.run(ContextSnapshot.create(), { plugins: [myReportPlugin()] });
    const settled: readonly string[] | undefined = result.myReport?.settled; // typed by the augmentation
    expect(settled).toEqual(["first", "second"]);
  });

  it("shows the redacting sink verbatim, and it masks the listed fields wherever they are", async () => {
    expect(readme).toContain(sample("redact.ts", "sink"));
    const { logged, sink } = await import("./examples/redact.js");
    const login = defineStage({
      name: "login",
      execute: (ctx) => {
        ctx.emit("login.attempt", { api_key: "sk-1", user: { Email: "a@b.c", name: "Ada" } });
        return {};
      },
    });
    await new Pipeline("login").withStage(login).build().run(ContextSnapshot.create(), { eventSink: sink });
    expect(logged.find((obj) => "type" in obj && obj.type === "login.attempt")).toMatchObject({
      data: { api_key: "[REDACTED]", user: { Email: "[REDACTED]", name: "Ada" } },
    });
  });
});
