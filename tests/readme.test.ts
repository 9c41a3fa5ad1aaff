/**
 * The root README's example is this repository's `tests/readme/firstPipeline.ts`, verbatim, and it
 * runs and prints what the README says.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the first-pipeline example verbatim, and it runs as documented", async () => {
    const example = read("./readme/firstPipeline.ts").trim();
    const readme = read("../README.md");
    expect(readme).toContain(example);
    const printed: unknown[][] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
    await import("./readme/firstPipeline.js");
    expect(printed).toEqual([
      ["completed", { text: "Refunds take 5 days (you asked: How do refunds work?)" }],
    ]);
    expect(readme).toContain("completed { text: 'Refunds take 5 days (you asked: How do refunds work?)' }");
  });
});
