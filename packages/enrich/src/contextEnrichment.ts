/**
 * @module `contextEnrichment`: the plugin that gives each run a token budget, a truncation tracker and merged enrichments.
 */
import {
  InvalidOptionsError,
  StageKind,
  assertKnownOptions,
  type Plugin,
  type RunInfo,
} from "@stageflow/core";
import { ConflictDetector, type ConflictDetectorOptions } from "./conflictDetector.js";
import { ContextUtilizationKey, EnrichmentsKey, TokenizerKey, TruncationTrackerKey } from "./contextKeys.js";
import type { ContextUtilizationJSON } from "./budgetTypes.js";
import { ContextUtilization, settleStageSpending } from "./contextUtilization.js";
import type { ContextConflictError } from "./errors/contextConflictError.js";
import { assertTokenizer } from "./internal/assertTokenizer.js";
import { RunEnrichment, type ConflictRecord, type RunSettings } from "./internal/runEnrichment.js";
import { heuristicTokenizer, type Tokenizer } from "./tokenizer.js";
import { TruncationTracker } from "./truncationTracker.js";
import type { TruncationSummary } from "./truncationTypes.js";

export type { ConflictRecord } from "./internal/runEnrichment.js";

/** Options of {@link contextEnrichment}. */
export interface ContextEnrichmentOptions {
  /** Each run's token budget. */
  readonly maxTokens: number;
  /**
   * Tokens held back from the budget (e.g. for the answer).
   * @defaultValue 0
   */
  readonly reservedTokens?: number | undefined;
  /**
   * Utilization from which `context.near_limit` fires.
   * @defaultValue 0.8
   */
  readonly nearLimitRatio?: number | undefined;
  /**
   * How conflicting ENRICH outputs are resolved: a detector or its options.
   * @defaultValue `new ConflictDetector()` (keep_new)
   */
  readonly conflicts?: ConflictDetector | ConflictDetectorOptions | undefined;
  /**
   * The tokenizer stages read with `ctx.get(TokenizerKey)`; pass `defaultTokenizer` from
   * `@stageflow/enrich/tokenizer` for exact OpenAI counts.
   * @defaultValue {@link heuristicTokenizer}
   */
  readonly tokenizer?: Tokenizer | undefined;
  /**
   * History bound of each run's truncation tracker.
   * @defaultValue 1000
   */
  readonly maxTruncationHistory?: number | undefined;
}

/** What the plugin attaches to a run's result as `result.enrichment`. */
export interface EnrichmentReport {
  /** The budget when the run ended. */
  readonly budget: ContextUtilizationJSON;
  /** Totals of the run's truncations. */
  readonly truncation: TruncationSummary;
  /** Every conflict resolved during the run, in order. */
  readonly conflicts: readonly ConflictRecord[];
  /** Conflicts that stopped the run (strategy `"error"`, or a custom resolver that threw). */
  readonly errors: readonly ContextConflictError[];
  /** The final merged enrichments. */
  readonly enrichments: Readonly<Record<string, unknown>>;
  /** Writers of each field. */
  readonly writers: Readonly<Record<string, readonly string[]>>;
  /** The configured tokenizer's name. */
  readonly tokenizer: string;
}

declare module "@stageflow/core" {
  interface PipelineResultReports {
    /** Budget, truncations and conflicts of the run; attached by `contextEnrichment()`. */
    readonly enrichment?: EnrichmentReport;
  }
}

const OPTION_KEYS = [
  "maxTokens",
  "reservedTokens",
  "nearLimitRatio",
  "conflicts",
  "tokenizer",
  "maxTruncationHistory",
] as const;

function detectorFrom(conflicts: ContextEnrichmentOptions["conflicts"]): ConflictDetector {
  if (conflicts instanceof ConflictDetector) return conflicts;
  return new ConflictDetector({ ...conflicts });
}

/**
 * Creates the enrichment plugin. Per run it provides a {@link ContextUtilization} budget
 * (`ctx.get(ContextUtilizationKey)`), a {@link TruncationTracker} (`ctx.get(TruncationTrackerKey)`),
 * both bound to the run's sink and clock, the merged {@link Enrichments} (`ctx.get(EnrichmentsKey)`)
 * and the configured tokenizer (`ctx.get(TokenizerKey)`). When an ENRICH stage completes with `ok`, each
 * top-level field of its data (or its whole data under the stage's name, when not a plain object) is
 * merged into the run's enrichments before its dependents start; conflicts go through the detector and
 * are reported as `context.conflict` events naming both writers. A conflict under `"error"` stops the
 * run (the result is `failed`, the error is in `result.enrichment.errors`). When a stage settles, the
 * budget gives back what its discarded attempts spent (every attempt but the last when it ended `ok`,
 * all of them otherwise), before its dependents start. The final budget, truncation summary and
 * conflicts are attached as `result.enrichment`.
 * @param options - budget, reservation, near-limit ratio, conflict strategies, tokenizer
 * @returns the plugin (shareable across concurrent runs)
 * @throws `InvalidOptionsError` for unknown or invalid options
 * @example
 * ```ts
 * const result = await pipeline.run(snapshot, {
 *   plugins: [contextEnrichment({ maxTokens: 8000, reservedTokens: 1000, conflicts: { defaultStrategy: "merge" } })],
 * });
 * result.enrichment?.budget.usedTokens;
 * ```
 */
export function contextEnrichment(options: ContextEnrichmentOptions): Plugin {
  assertKnownOptions("contextEnrichment", options, OPTION_KEYS);
  if (options === undefined) throw new InvalidOptionsError("contextEnrichment", "maxTokens is required.");
  const tokenizer = options.tokenizer ?? heuristicTokenizer;
  assertTokenizer("contextEnrichment", tokenizer);
  const settings: RunSettings = {
    maxTokens: options.maxTokens,
    reservedTokens: options.reservedTokens ?? 0,
    nearLimitRatio: options.nearLimitRatio,
    maxTruncationHistory: options.maxTruncationHistory,
    detector: detectorFrom(options.conflicts),
  };
  // Validate the budget and history options where they enter, not at the first run.
  new ContextUtilization({
    maxTokens: settings.maxTokens,
    reservedTokens: settings.reservedTokens,
    ...(settings.nearLimitRatio === undefined ? {} : { nearLimitRatio: settings.nearLimitRatio }),
  });
  new TruncationTracker(
    settings.maxTruncationHistory === undefined ? {} : { maxHistory: settings.maxTruncationHistory },
  );
  const runs = new WeakMap<RunInfo, RunEnrichment>();
  const stateOf = (run: RunInfo): RunEnrichment => {
    let state = runs.get(run);
    if (state === undefined) {
      state = new RunEnrichment(run, settings);
      runs.set(run, state);
    }
    return state;
  };

  return {
    name: "contextEnrichment",
    provide(run) {
      const state = stateOf(run);
      return [
        ContextUtilizationKey.provide(state.budget),
        TruncationTrackerKey.provide(state.tracker),
        EnrichmentsKey.provide(state.view),
        TokenizerKey.provide(tokenizer),
      ];
    },
    onStageSettled(stage, outcome, run) {
      const state = stateOf(run);
      // Only the attempt whose output is kept still counts against the budget.
      settleStageSpending(state.budget, stage.name, outcome);
      if (stage.kind !== StageKind.ENRICH || outcome.status !== "ok" || outcome.output === undefined)
        return undefined;
      const before = state.errors.length;
      if (state.merge(stage.name, outcome.output)) return undefined;
      // The run stops with the conflict as its reason (in result.errors and the pipeline.failed event).
      const reason = state.errors[before];
      return reason === undefined ? "abort" : { abort: reason };
    },
    onRunEnd(_result, run) {
      const state = stateOf(run);
      runs.delete(run);
      const view = state.view;
      const report: EnrichmentReport = {
        budget: state.budget.toJSON(),
        truncation: state.tracker.getSummary(),
        conflicts: [...state.conflicts],
        errors: [...state.errors],
        enrichments: view.toObject(),
        writers: Object.fromEntries(view.fields.map((field) => [field, view.writersOf(field)])),
        tokenizer: tokenizer.name,
      };
      return { enrichment: report };
    },
  };
}
