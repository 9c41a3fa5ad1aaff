import { ContextSnapshot, Pipeline } from "@stageflow/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { step } from "./examples/stages.js";
import { readme, sample } from "./readmeSample.js";

/** Runs `load` with `console.log` captured, returning what it loaded and the printed lines. */
async function printing<T>(load: () => Promise<T>): Promise<{ loaded: T; printed: unknown[][] }> {
  const printed: unknown[][] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  return { loaded: await load(), printed };
}

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the chat pipeline verbatim, and it runs, lints, draws and describes as documented", async () => {
    expect(readme).toContain(sample("chat.ts"));
    const { loaded, printed } = await printing(() => import("./examples/chat.js"));
    const text = "Found: result for what is stageflow? prefers short answers";
    expect(printed).toEqual([
      [[]],
      ["saving", text],
      [{ text }],
      [expect.objectContaining({ status: "skip", pruned: true, reason: "not selected by its route" })],
    ]);
    expect(readme).toContain("```mermaid\n" + loaded.chat.toMermaid().trim() + "\n```");
    expect(readme).toContain("```text\n" + loaded.chat.describe().text + "\n```");
  });

  it("shows the loop sample verbatim, and it adds one root per tool", async () => {
    expect(readme).toContain(sample("tools.ts", "loop"));
    const { toolsBuilder } = await import("./examples/tools.js");
    const result = await toolsBuilder.run(ContextSnapshot.create());
    expect(toolsBuilder.describe().roots).toEqual(["search", "calculator", "weather"]);
    expect(result.output("weather")?.data).toEqual({ tool: "weather" });
  });

  it("shows the free-function sample verbatim, and it wires the groups as its comments say", async () => {
    expect(readme).toContain(sample("freeFunctions.ts"));
    const { loaded, printed } = await printing(() => import("./examples/freeFunctions.js"));
    expect(printed).toEqual([
      ["fetch → clean_0 → clean_1 → tag_0 → split → embed_0 → store → triage → page"],
    ]);
    const deps = Object.fromEntries(loaded.pipeline.build().stages.map((s) => [s.name, s.dependsOn]));
    expect(deps).toMatchObject({
      clean_0: ["fetch"],
      clean_1: ["clean_0"],
      tag_0: ["clean_1"],
      tag_1: ["clean_1"],
      split: ["tag_0", "tag_1"],
      embed_2: ["split"],
      store: ["embed_0", "embed_1", "embed_2"],
      triage: ["store"],
    });
    const result = await loaded.pipeline.build().run(ContextSnapshot.create());
    expect([result.stages.page?.status, result.stages.ticket?.status]).toEqual(["ok", "skip"]);
  });

  it("shows the message build() gives for a misspelt dependency", () => {
    const chat = new Pipeline("chat")
      .withStage(step("memory_enrich"))
      .withStage(step("answer"), { dependsOn: ["memory_enrch"] });
    let message = "no error";
    try {
      chat.build();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(readme).toContain("```text\n" + message + "\n```");
  });
});
