// Compiled with `exactOptionalPropertyTypes: true` (tsconfig.base.json): every optional property of an
// options or init object must accept an explicit `undefined`, so values can be forwarded as they are.
import type { Clock, EventSink } from "@stageflow/core";
import { describe, it } from "vitest";
import {
  ConflictDetector,
  ContextConflictError,
  contextEnrichment,
  ContextUtilization,
  TruncationTracker,
  VersionMetadata,
  type ConflictDetectorOptions,
  type ConflictStrategy,
  type ContextUtilizationOptions,
  type Tokenizer,
  type TruncationTrackerOptions,
} from "@stageflow/enrich";
import { maybe } from "../../../tests/support/undefinedOptions.js";

describe("enrich options accept an explicit undefined (exactOptionalPropertyTypes)", () => {
  it("contextEnrichment and ConflictDetector", () => {
    const conflicts: ConflictDetectorOptions = {
      defaultStrategy: maybe<ConflictStrategy>(),
      fieldStrategies: maybe<Record<string, ConflictStrategy>>(),
      throwOnError: maybe<boolean>(),
    };
    new ConflictDetector(conflicts);
    contextEnrichment({
      maxTokens: 8000,
      reservedTokens: maybe<number>(),
      nearLimitRatio: maybe<number>(),
      conflicts: maybe<ConflictDetectorOptions>(),
      tokenizer: maybe<Tokenizer>(),
      maxTruncationHistory: maybe<number>(),
    });
    new ContextConflictError("f", 1, 2, {
      oldWriter: maybe<string>(),
      newWriter: maybe<string>(),
      cause: undefined,
    });
  });

  it("ContextUtilization and TruncationTracker", () => {
    const budget: ContextUtilizationOptions = {
      maxTokens: 100,
      usedTokens: maybe<number>(),
      reservedTokens: maybe<number>(),
      nearLimitRatio: maybe<number>(),
      eventSink: maybe<EventSink>(),
      clock: maybe<Clock>(),
      runId: maybe<string>(),
      pipeline: maybe<string>(),
    };
    new ContextUtilization(budget).add(10, { stage: maybe<string>() });
    const tracker: TruncationTrackerOptions = {
      eventSink: maybe<EventSink>(),
      maxHistory: maybe<number>(),
      clock: maybe<Clock>(),
      runId: maybe<string>(),
      pipeline: maybe<string>(),
    };
    new TruncationTracker(tracker).recordTruncation({
      originalTokens: 10,
      truncatedTokens: 5,
      strategy: "tail",
      contentType: "documents",
      reason: "budget",
      metadata: maybe<Record<string, unknown>>(),
      stage: maybe<string>(),
    });
  });

  it("VersionMetadata.create", () => {
    VersionMetadata.create({
      contentId: "doc:1",
      source: "store",
      content: maybe<string>(),
      version: maybe<string>(),
      ttlSeconds: maybe<number>(),
      tags: maybe<string[]>(),
      createdAt: maybe<number>(),
      clock: maybe<Clock>(),
    });
  });
});
