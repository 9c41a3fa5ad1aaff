/**
 * @module Runs every documentation example and compares what it prints with its `.out.txt` file.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { listExamples } from "../scripts/lib/checkGuides.js";
import { examplesDir } from "../scripts/lib/paths.js";

const examples = listExamples(examplesDir);

describe("documentation examples", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("exist, one per sample shown in the guides", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const file of examples) {
    const name = relative(examplesDir, file);
    it(`${name} prints exactly its expected output`, async () => {
      const expectedFile = file.replace(/\.ts$/, ".out.txt");
      expect(existsSync(expectedFile), `${name} needs ${relative(examplesDir, expectedFile)}`).toBe(true);
      const lines: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        lines.push(format(...args));
      });
      await import(pathToFileURL(file).href);
      expect(lines.join("\n").trimEnd()).toBe(readFileSync(expectedFile, "utf8").trimEnd());
    });
  }
});
