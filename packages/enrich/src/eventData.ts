/**
 * @module Payload shapes of the `context.*` events this package emits, added to core's `StageflowEventMap`.
 */
import type { ContextUtilizationJSON } from "./budgetTypes.js";
import type { TruncationEvent } from "./truncationTypes.js";

/** `data` of `context.near_limit`: the budget when it crossed its ratio. */
export type NearLimitEventData = ContextUtilizationJSON;

/** `data` of `context.truncation`: the recorded truncation. */
export type TruncationEventData = TruncationEvent;

/** `data` of `context.conflict`. */
export type ConflictEventData = {
  /** The field two writers disagreed on. */
  readonly field: string;
  /** The writer of the value the field held (the last one, when several contributed). */
  readonly oldWriter: string;
  /** The stage whose output conflicted with it. */
  readonly newWriter: string;
  /** Every writer involved, oldest first, ending with `newWriter`. */
  readonly writers: readonly string[];
  /** The strategy applied (`"custom"` for a function, `"error"` when the run stopped). */
  readonly resolution: string;
};

/** One stale piece of content in a `context.stale` event. */
export type StaleContent = {
  /** The content's id. */
  readonly contentId: string;
  /** Where it came from. */
  readonly source: string;
  /** Its version. */
  readonly version: string;
  /** Its age on the run's clock when read. */
  readonly ageSeconds: number;
  /** Its time to live. */
  readonly ttlSeconds: number | null;
};

/** `data` of `context.stale`. */
export type StaleEventData = {
  /** The field read. */
  readonly field: string;
  /** The reading stage, or `null` when read through a view without a reader. */
  readonly reader: string | null;
  /** The field's writers. */
  readonly writers: readonly string[];
  /** The stale content behind the field. */
  readonly content: readonly StaleContent[];
};

declare module "@stageflow/core" {
  interface StageflowEventMap {
    /** Content was truncated to fit a token budget (`TruncationTracker.recordTruncation`). */
    "context.truncation": TruncationEventData;
    /** Two ENRICH stages wrote different values to one enrichment field. */
    "context.conflict": ConflictEventData;
    /** A token budget's utilization rose to its near-limit ratio (`ContextUtilization.add`). */
    "context.near_limit": NearLimitEventData;
    /** A stage read enrichment content past its TTL. */
    "context.stale": StaleEventData;
  }
}
