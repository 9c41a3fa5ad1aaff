/**
 * @module Context keys through which stages read the run-scoped services of `contextEnrichment`.
 */
import { createContextKey, type StageContext } from "@stageflow/core";
import type { ContextUtilization } from "./contextUtilization.js";
import type { Enrichments } from "./enrichments.js";
import type { Tokenizer } from "./tokenizer.js";
import type { TruncationTracker } from "./truncationTracker.js";

/**
 * The run's token budget (`ctx.get(ContextUtilizationKey)`), bound to the run's sink for `context.near_limit`.
 * Provided by `contextEnrichment`; without the plugin `ctx.get` throws `MissingContextValueError`.
 * Each stage attempt receives a view of the one budget of the run (see `ContextUtilization.forStage`):
 * the tokens are shared, and a `context.near_limit` event names the stage and attempt whose `add`
 * crossed the ratio, with no `{ stage }` to pass. The budget counts only what can reach the final
 * context: a later attempt's first read gives back what the stage's earlier attempts spent, and when
 * the stage settles only its last attempt's tokens stay spent (none, unless it ended `ok`).
 */
export const ContextUtilizationKey = createContextKey<ContextUtilization>("enrich.contextUtilization", {
  forStage: (budget, stage) => budget.forStage(stage),
});

/**
 * The run's truncation tracker (`ctx.get(TruncationTrackerKey)`), bound to the run's sink for
 * `context.truncation`. Each stage attempt receives a view of the one tracker of the run (see
 * `TruncationTracker.forStage`): records and totals are shared, and each `context.truncation` event
 * names the stage and attempt that recorded it.
 */
export const TruncationTrackerKey = createContextKey<TruncationTracker>("enrich.truncationTracker", {
  forStage: (tracker, stage) => tracker.forStage(stage),
});

/**
 * The run's merged enrichments (`ctx.get(EnrichmentsKey)`), read as the calling stage: that stage is
 * the `reader` on `context.stale` events. See {@link Enrichments}.
 */
export const EnrichmentsKey = createContextKey<Enrichments>("enrich.enrichments", {
  forStage: (enrichments, stage) => enrichments.readAs(stage.name),
});

/** The tokenizer the plugin was configured with (`ctx.get(TokenizerKey)`). */
export const TokenizerKey = createContextKey<Tokenizer>("enrich.tokenizer");

/**
 * The run's enrichments as read by the current stage, which is named on `context.stale` events.
 * @param ctx - the stage's context
 * @returns `ctx.get(EnrichmentsKey)`, which is already read as `ctx.stageName`
 * @throws `MissingContextValueError` when the run has no `contextEnrichment` plugin
 * @example
 * ```ts
 * const docs = getEnrichments(ctx).get<string[]>("docs") ?? [];
 * ```
 */
export function getEnrichments(ctx: StageContext): Enrichments {
  return ctx.get(EnrichmentsKey);
}
