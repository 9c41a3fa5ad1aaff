import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as enrich from "@stageflow/enrich";
import * as tokenizer from "@stageflow/enrich/tokenizer";

describe("public surface", () => {
  it("exports these runtime names from the root entry", () => {
    expect(Object.keys(enrich).sort()).toEqual([
      "ConflictDetector",
      "ConflictResolution",
      "ContextConflictError",
      "ContextUtilization",
      "ContextUtilizationKey",
      "Enrichments",
      "EnrichmentsKey",
      "TokenizerKey",
      "TruncationTracker",
      "TruncationTrackerKey",
      "VERSION_ARTIFACT_TYPE",
      "VersionMetadata",
      "contentChecksum",
      "contextEnrichment",
      "countTokens",
      "getEnrichments",
      "heuristicTokenizer",
      "versionArtifact",
    ]);
  });

  it("exports the BPE tokenizers from the tokenizer entry only", () => {
    expect(Object.keys(tokenizer).sort()).toEqual([
      "countTokens",
      "defaultTokenizer",
      "loadTokenizer",
      "o200kTokenizer",
    ]);
    expect(enrich).not.toHaveProperty("defaultTokenizer");
  });

  it("keeps gpt-tokenizer out of everything but the tokenizer entry, so the root entry never loads it", () => {
    const src = new URL("../src/", import.meta.url);
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const importers = files.filter((f) => readFileSync(new URL(f, src), "utf8").includes("gpt-tokenizer"));
    expect(importers.map((f) => f.replaceAll("\\", "/"))).toEqual(["entries/tokenizer.ts"]);
  });
});
