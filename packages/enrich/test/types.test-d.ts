import type {
  EventOf,
  PipelineResult,
  StageAttempt,
  StageContext,
  StageflowEvent,
  StageflowEventMap,
} from "@stageflow/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  ContextUtilizationKey,
  EnrichmentsKey,
  TruncationTrackerKey,
  type BoundStage,
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

  it("types the stage views: a core StageAttempt binds a budget or tracker, and ctx.get keeps the class", () => {
    expectTypeOf<StageAttempt>().toMatchTypeOf<BoundStage>();
    expectTypeOf<ContextUtilization["forStage"]>().returns.toEqualTypeOf<ContextUtilization>();
    expectTypeOf<TruncationTracker["forStage"]>().returns.toEqualTypeOf<TruncationTracker>();
    const read = (ctx: StageContext) => ctx.get(ContextUtilizationKey);
    expectTypeOf(read).returns.toEqualTypeOf<ContextUtilization>();
  });

  it("types the data of its events in core's event map, for ctx.emit, sinks and narrowing", () => {
    expectTypeOf<StageflowEventMap["context.truncation"]>().toEqualTypeOf<TruncationEventData>();
    expectTypeOf<StageflowEventMap["context.conflict"]>().toEqualTypeOf<ConflictEventData>();
    expectTypeOf<StageflowEventMap["context.near_limit"]>().toEqualTypeOf<NearLimitEventData>();
    expectTypeOf<StageflowEventMap["context.stale"]>().toEqualTypeOf<StaleEventData>();
    expectTypeOf<EventOf<"context.conflict">["data"]["writers"]>().toEqualTypeOf<readonly string[]>();
    const narrow = (event: StageflowEvent): number | undefined =>
      event.type === "context.truncation" ? event.data.tokensRemoved : undefined;
    expectTypeOf(narrow).returns.toEqualTypeOf<number | undefined>();
  });
});
