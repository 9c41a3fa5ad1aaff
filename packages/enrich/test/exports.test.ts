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
});
