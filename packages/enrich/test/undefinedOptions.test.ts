import { ContextSnapshot, defineStage, Pipeline, StageKind } from "@stageflow/core";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  ConflictDetector,
  ContextConflictError,
  contextEnrichment,
  ContextUtilization,
  ContextUtilizationKey,
  TruncationTracker,
  VersionMetadata,
  type ConflictDetectorOptions,
  type ContextEnrichmentOptions,
  type ContextUtilizationOptions,
  type TruncationInput,
  type TruncationTrackerOptions,
  type VersionMetadataInit,
} from "@stageflow/enrich";
import { variants, type AllUndefined } from "../../../tests/support/undefinedOptions.js";

const ENRICHMENT: AllUndefined<ContextEnrichmentOptions> = {
  reservedTokens: undefined,
  nearLimitRatio: undefined,
  conflicts: undefined,
  tokenizer: undefined,
  maxTruncationHistory: undefined,
};
const BUDGET: AllUndefined<ContextUtilizationOptions> = {
  usedTokens: undefined,
  reservedTokens: undefined,
  nearLimitRatio: undefined,
  eventSink: undefined,
  clock: undefined,
  runId: undefined,
  pipeline: undefined,
};
const TRACKER: AllUndefined<TruncationTrackerOptions> = {
  eventSink: undefined,
  maxHistory: undefined,
  clock: undefined,
  runId: undefined,
  pipeline: undefined,
};
const DETECTOR: AllUndefined<ConflictDetectorOptions> = {
  defaultStrategy: undefined,
  fieldStrategies: undefined,
  throwOnError: undefined,
};
const TRUNCATION: AllUndefined<TruncationInput> = { metadata: undefined, stage: undefined };
const VERSION: AllUndefined<VersionMetadataInit> = {
  content: undefined,
  version: undefined,
  ttlSeconds: undefined,
  tags: undefined,
  createdAt: undefined,
  clock: undefined,
};

describe("an enrich option given as undefined is treated as absent", () => {
  it.each(variants(ENRICHMENT))("contextEnrichment({ maxTokens, %s: undefined })", async (_, options) => {
    const spend = defineStage({
      name: "profile",
      kind: StageKind.ENRICH,
      execute: (ctx) => {
        ctx.get(ContextUtilizationKey).add(85);
        return { tier: "gold" };
      },
    });
    const sink = new RecordingEventSink();
    const result = await new Pipeline("p").withStage(spend).run(ContextSnapshot.create(), {
      eventSink: sink,
      plugins: [contextEnrichment({ maxTokens: 100, ...options })],
    });
    expect(result.status).toBe("completed");
    const report = result.enrichment;
    expect(report?.budget).toMatchObject({ maxTokens: 100, reservedTokens: 0, nearLimitRatio: 0.8 });
    expect(report?.tokenizer).toBe("heuristic");
    expect(report?.enrichments).toEqual({ tier: "gold" });
    // 85 of 100 tokens is past the default ratio.
    expect(sink.ofType("context.near_limit")).toHaveLength(1);
  });

  it.each(variants(BUDGET))(
    "ContextUtilization { maxTokens, %s: undefined } has the defaults",
    (_, options) => {
      const budget = new ContextUtilization({ maxTokens: 100, ...options });
      expect(budget.toJSON()).toEqual(new ContextUtilization({ maxTokens: 100 }).toJSON());
      expect(budget.add(90, { stage: undefined })).toBe(true);
      expect(budget.isNearLimit).toBe(true);
    },
  );

  it("a budget's near-limit event without a stage has no stage key", () => {
    const sink = new RecordingEventSink();
    new ContextUtilization({ maxTokens: 10, eventSink: sink }).add(9, { stage: undefined });
    expect(sink.ofType("context.near_limit")).toHaveLength(1);
    const [event] = sink.ofType("context.near_limit");
    expect(event).toBeDefined();
    expect(event).not.toHaveProperty("stage");
  });

  it.each(variants(TRACKER))("TruncationTracker { %s: undefined } keeps 1000 events", (_, options) => {
    expect(new TruncationTracker(options).maxHistory).toBe(1000);
  });

  it.each(variants(TRUNCATION))("recordTruncation({ …, %s: undefined })", (_, extra) => {
    const sink = new RecordingEventSink();
    const event = new TruncationTracker({ eventSink: sink }).recordTruncation({
      originalTokens: 10,
      truncatedTokens: 4,
      strategy: "tail",
      contentType: "documents",
      reason: "budget",
      ...extra,
    });
    expect(event.metadata).toEqual({});
    expect(sink.ofType("context.truncation")).toHaveLength(1);
    const [sent] = sink.ofType("context.truncation");
    expect(sent).not.toHaveProperty("stage");
  });

  it.each(variants(VERSION))("VersionMetadata.create({ …, %s: undefined }) as without the key", (_, init) => {
    const given: VersionMetadataInit = {
      contentId: "doc:1",
      source: "store",
      content: "text",
      version: "v1",
      ttlSeconds: 60,
      tags: ["a"],
      createdAt: 5,
      clock: new FakeClock({ now: 5 }),
      ...init,
    };
    const absent = Object.fromEntries(
      Object.entries(given).filter(([, value]) => value !== undefined),
    ) as VersionMetadataInit;
    // The JSON (without the creation time, read from the system clock when neither is given), or the error.
    const outcome = (what: VersionMetadataInit): unknown => {
      let meta: VersionMetadata;
      try {
        meta = VersionMetadata.create(what);
      } catch (error) {
        return (error as Error).message;
      }
      const { createdAt, ...json } = meta.toJSON();
      expect(createdAt).toEqual(expect.any(Number));
      expect(Object.values(json)).not.toContain(undefined);
      return json;
    };
    expect(outcome(given)).toEqual(outcome(absent));
  });

  it("VersionMetadata.create derives the version when it is given as undefined", () => {
    const meta = VersionMetadata.create({ ...VERSION, contentId: "doc:1", source: "store", content: "text" });
    expect(meta.version).toMatch(/^sha256:[0-9a-f]{12}$/);
  });

  it.each(variants(DETECTOR))("ConflictDetector { %s: undefined } has the defaults", (_, options) => {
    const detector = new ConflictDetector(options);
    expect(detector.defaultStrategy).toBe("keep_new");
    expect(detector.fieldStrategies).toEqual({});
    expect(detector.throwOnError).toBe(true);
  });

  it("ContextConflictError without writers or cause", () => {
    const error = new ContextConflictError("f", 1, 2, {
      oldWriter: undefined,
      newWriter: undefined,
      cause: undefined,
    });
    expect(error.message).toBe(new ContextConflictError("f", 1, 2).message);
    expect("cause" in error).toBe(false);
  });
});
