import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the quick-start example verbatim, and the example runs as documented", async () => {
    const example = read("./examples/quickstart.ts").trim();
    expect(read("../README.md")).toContain(example);
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
});
