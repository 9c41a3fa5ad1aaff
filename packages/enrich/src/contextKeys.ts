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
 * Every stage of the run reads the same budget, so it does not know which stage calls it: pass
 * `{ stage: ctx.stageName }` to `add` for the event to name the stage.
 */
export const ContextUtilizationKey = createContextKey<ContextUtilization>("enrich.contextUtilization");

/**
 * The run's truncation tracker (`ctx.get(TruncationTrackerKey)`), bound to the run's sink for
 * `context.truncation`. Every stage of the run reads the same tracker, so it does not know which stage
 * calls it: pass `stage: ctx.stageName` to `recordTruncation` for the event to name the stage.
 */
export const TruncationTrackerKey = createContextKey<TruncationTracker>("enrich.truncationTracker");

/** The run's merged enrichments (`ctx.get(EnrichmentsKey)`); see {@link Enrichments}. */
export const EnrichmentsKey = createContextKey<Enrichments>("enrich.enrichments");

/** The tokenizer the plugin was configured with (`ctx.get(TokenizerKey)`). */
export const TokenizerKey = createContextKey<Tokenizer>("enrich.tokenizer");

/**
 * The run's enrichments as read by the current stage, which is named on `context.stale` events.
 * @param ctx - the stage's context
 * @returns `ctx.get(EnrichmentsKey).readAs(ctx.stageName)`
 * @throws `MissingContextValueError` when the run has no `contextEnrichment` plugin
 * @example
 * ```ts
 * const docs = getEnrichments(ctx).get<string[]>("docs") ?? [];
 * ```
 */
export function getEnrichments(ctx: StageContext): Enrichments {
  return ctx.get(EnrichmentsKey).readAs(ctx.stageName);
}
