/**
 * @module `TruncationTracker`: records what was cut to fit a budget and reports it to the run's sink.
 */
import { InvalidOptionsError, assertKnownOptions } from "@stageflow/core";
import type { BoundStage } from "./budgetTypes.js";
import type {
  TruncationEvent,
  TruncationInput,
  TruncationSummary,
  TruncationTrackerOptions,
} from "./truncationTypes.js";
import { EventBinding } from "./internal/eventBinding.js";

const OPTION_KEYS = ["eventSink", "maxHistory", "clock", "runId", "pipeline"] as const;
const INPUT_KEYS = [
  "originalTokens",
  "truncatedTokens",
  "strategy",
  "contentType",
  "reason",
  "metadata",
  "stage",
] as const;
const WHERE = "TruncationTracker.recordTruncation";

function tokens(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new InvalidOptionsError(
      WHERE,
      `${name} must be a whole number of tokens ≥ 0, got ${String(value)}.`,
    );
  }
  return value;
}

function text(name: string, value: unknown): string {
  if (typeof value !== "string" || value === "")
    throw new InvalidOptionsError(WHERE, `${name} must be a non-empty string.`);
  return value;
}

/** What a tracker and every view of it share: the history, the totals and the sink. */
interface Log {
  readonly events: EventBinding;
  readonly history: TruncationEvent[];
  readonly strategies: Map<string, number>;
  readonly contentTypes: Map<string, number>;
  count: number;
  removed: number;
  ratioSum: number;
}

/**
 * Records truncations, keeps a bounded history and running totals, and sends each record to its sink
 * as a `context.truncation` event. Inside a run, read the run's tracker (already bound to the run's
 * sink) with `ctx.get(TruncationTrackerKey)`: each stage gets a view bound to it (see `forStage`), so
 * the events name the stage and attempt that truncated.
 * @example
 * ```ts
 * tracker.recordTruncation({ originalTokens: 1200, truncatedTokens: 800, strategy: "tail", contentType: "documents", reason: "budget" });
 * ```
 */
export class TruncationTracker {
  /** The history bound. */
  readonly maxHistory: number;
  /** Shared by this tracker and every view of it. */
  #log: Log;
  /** The stage attempt this view records for; `undefined` for the tracker itself. */
  #recorder: BoundStage | undefined;

  /**
   * @param options - sink, history bound, clock and run identity for events
   * @throws `InvalidOptionsError` for an unknown option or a `maxHistory` below 0
   */
  constructor(options: TruncationTrackerOptions = {}) {
    assertKnownOptions("TruncationTracker", options, OPTION_KEYS);
    const max = options.maxHistory ?? 1000;
    if (typeof max !== "number" || !(Number.isInteger(max) || max === Infinity) || max < 0) {
      throw new InvalidOptionsError(
        "TruncationTracker",
        `maxHistory must be a whole number ≥ 0 (or Infinity), got ${String(max)}.`,
      );
    }
    this.maxHistory = max;
    this.#log = {
      events: new EventBinding(options),
      history: [],
      strategies: new Map(),
      contentTypes: new Map(),
      count: 0,
      removed: 0,
      ratioSum: 0,
    };
    this.#recorder = undefined;
  }

  /**
   * A view of this tracker for one stage attempt: it records into the same history and totals, and
   * its `context.truncation` events name that stage and attempt. Inside a run you never call this:
   * `ctx.get(TruncationTrackerKey)` returns the run's tracker already viewed for the calling stage.
   * @param stage - the stage's name and attempt number
   * @returns a tracker sharing this one's records
   */
  forStage(stage: BoundStage): TruncationTracker {
    const view = new TruncationTracker({ maxHistory: this.maxHistory });
    view.#log = this.#log;
    view.#recorder = Object.freeze({ name: stage.name, attempt: stage.attempt });
    return view;
  }

  /**
   * Records one truncation and emits `context.truncation` with the event's fields.
   * @param input - token counts before and after, strategy, content type, reason, optional metadata and stage
   * @returns the recorded event
   * @throws `InvalidOptionsError` for bad counts (negative, fractional, truncated above original) or empty names
   */
  recordTruncation(input: TruncationInput): TruncationEvent {
    assertKnownOptions(WHERE, input, INPUT_KEYS);
    const originalTokens = tokens("originalTokens", input.originalTokens);
    const truncatedTokens = tokens("truncatedTokens", input.truncatedTokens);
    if (truncatedTokens > originalTokens) {
      throw new InvalidOptionsError(
        WHERE,
        `truncatedTokens (${truncatedTokens}) exceeds originalTokens (${originalTokens}).`,
      );
    }
    const log = this.#log;
    const event: TruncationEvent = Object.freeze({
      timestamp: log.events.clock.now(),
      originalTokens,
      truncatedTokens,
      tokensRemoved: originalTokens - truncatedTokens,
      strategy: text("strategy", input.strategy),
      contentType: text("contentType", input.contentType),
      reason: text("reason", input.reason),
      preservedRatio: originalTokens === 0 ? 1 : truncatedTokens / originalTokens,
      metadata: Object.freeze({ ...(input.metadata ?? {}) }),
    });
    log.count++;
    log.removed += event.tokensRemoved;
    log.ratioSum += event.preservedRatio;
    log.strategies.set(event.strategy, (log.strategies.get(event.strategy) ?? 0) + 1);
    log.contentTypes.set(event.contentType, (log.contentTypes.get(event.contentType) ?? 0) + 1);
    if (this.maxHistory > 0) {
      log.history.push(event);
      if (log.history.length > this.maxHistory) log.history.shift();
    }
    const recorder = this.#recorder;
    const own = input.stage === undefined || input.stage === recorder?.name;
    log.events.emit(
      "context.truncation",
      { ...event },
      input.stage ?? recorder?.name,
      own ? recorder?.attempt : undefined,
    );
    return event;
  }

  /** The most recent events, oldest first, at most `maxHistory`. */
  get events(): readonly TruncationEvent[] {
    return [...this.#log.history];
  }

  /** Truncations recorded since creation (or `clear`). */
  get eventCount(): number {
    return this.#log.count;
  }

  /** Tokens removed by every truncation recorded since creation (or `clear`). */
  get totalTokensRemoved(): number {
    return this.#log.removed;
  }

  /** @returns totals over every truncation recorded since creation (or `clear`) */
  getSummary(): TruncationSummary {
    const log = this.#log;
    return {
      eventCount: log.count,
      totalTokensRemoved: log.removed,
      strategiesUsed: Object.fromEntries(log.strategies),
      contentTypes: Object.fromEntries(log.contentTypes),
      avgPreservedRatio: log.count === 0 ? 1 : log.ratioSum / log.count,
    };
  }

  /** Forgets the history and resets the totals (of this tracker and every view of it). */
  clear(): void {
    const log = this.#log;
    log.history.length = 0;
    log.strategies.clear();
    log.contentTypes.clear();
    log.count = 0;
    log.removed = 0;
    log.ratioSum = 0;
  }
}
