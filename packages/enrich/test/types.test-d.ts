import type { PipelineResult, StageflowEventMap } from "@stageflow/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  ContextUtilizationKey,
  EnrichmentsKey,
  TruncationTrackerKey,
  type ConflictEventData,
  type ContextUtilization,
  type NearLimitEventData,
  type StaleEventData,
  type TruncationEventData,
  type EnrichmentReport,
  type Enrichments,
  type TruncationTracker,
} from "@stageflow/enrich";

describe("types", () => {
  it("adds a typed enrichment report to every PipelineResult", () => {
    expectTypeOf<PipelineResult["enrichment"]>().toEqualTypeOf<EnrichmentReport | undefined>();
    expectTypeOf<EnrichmentReport["budget"]["usedTokens"]>().toEqualTypeOf<number>();
  });

  it("types the values stages read through the context keys", () => {
    expectTypeOf(ContextUtilizationKey.provide).parameter(0).toEqualTypeOf<ContextUtilization>();
    expectTypeOf(TruncationTrackerKey.provide).parameter(0).toEqualTypeOf<TruncationTracker>();
    expectTypeOf(EnrichmentsKey.provide).parameter(0).toEqualTypeOf<Enrichments>();
  });

  it("describes event payloads that fit core's event map", () => {
    expectTypeOf<ConflictEventData>().toExtend<StageflowEventMap["context.conflict"]>();
    expectTypeOf<StaleEventData>().toExtend<StageflowEventMap["context.stale"]>();
    expectTypeOf<NearLimitEventData>().toHaveProperty("utilization").toEqualTypeOf<number>();
    expectTypeOf<TruncationEventData>().toHaveProperty("tokensRemoved").toEqualTypeOf<number>();
  });
});
