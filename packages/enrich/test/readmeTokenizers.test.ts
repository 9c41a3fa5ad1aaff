import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README: tokenizers", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the tokenizer example verbatim, and it runs as its comments say", async () => {
    expect(read("../README.md")).toContain(read("./examples/tokenizers.ts").trim());
    const lines: unknown[] = [];
    vi.spyOn(console, "log").mockImplementation((value: unknown) => void lines.push(value));
    await import("./examples/tokenizers.js");
    expect(lines).toEqual([2]);
  });
});
