/**
 * @module `TruncationTracker`: records what was cut to fit a budget and reports it to the run's sink.
 */
import { InvalidOptionsError, assertKnownOptions, type Clock, type EventSink } from "@stageflow/core";
import { EventBinding } from "./internal/eventBinding.js";

/** How content was shortened; any string is accepted, these are the common ones. */
export type TruncationStrategy = "head" | "tail" | "middle" | "summarize" | "drop" | (string & {});

/** One recorded truncation. */
export interface TruncationEvent {
  /** `clock.now()` when recorded. */
  readonly timestamp: number;
  /** Tokens before truncation. */
  readonly originalTokens: number;
  /** Tokens after truncation. */
  readonly truncatedTokens: number;
  /** `originalTokens − truncatedTokens`. */
  readonly tokensRemoved: number;
  /** How it was shortened. */
  readonly strategy: TruncationStrategy;
  /** What was shortened (`"documents"`, `"history"`, `"memory"`). */
  readonly contentType: string;
  /** Why. */
  readonly reason: string;
  /** `truncatedTokens ÷ originalTokens` (1 when the original was empty). */
  readonly preservedRatio: number;
  /** Free-form details. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What {@link TruncationTracker.recordTruncation} accepts. */
export interface TruncationInput {
  /** Tokens before truncation (whole number ≥ 0). */
  readonly originalTokens: number;
  /** Tokens after truncation (at most `originalTokens`). */
  readonly truncatedTokens: number;
  /** How it was shortened. */
  readonly strategy: TruncationStrategy;
  /** What was shortened. */
  readonly contentType: string;
  /** Why. */
  readonly reason: string;
  /** Free-form details, copied onto the event. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * The stage that truncated, put as `stage` on the `context.truncation` event. Without it the event
   * has no `stage`, also for the run's tracker from `ctx.get(TruncationTrackerKey)`, which every stage
   * of the run shares: pass `ctx.stageName`.
   */
  readonly stage?: string;
}

/** Totals over every truncation recorded (not only those still in the bounded history). */
export interface TruncationSummary {
  /** Truncations recorded. */
  readonly eventCount: number;
  /** Tokens removed by all of them. */
  readonly totalTokensRemoved: number;
  /** Truncations per strategy. */
  readonly strategiesUsed: Readonly<Record<string, number>>;
  /** Truncations per content type. */
  readonly contentTypes: Readonly<Record<string, number>>;
  /** Mean `preservedRatio` (1 when nothing was truncated). */
  readonly avgPreservedRatio: number;
}

/** Options of {@link TruncationTracker}. */
export interface TruncationTrackerOptions {
  /** Receives a `context.truncation` event per record. */
  readonly eventSink?: EventSink;
  /**
   * How many recent events `events` keeps; older ones are dropped (the summary still counts them).
   * @defaultValue 1000
   */
  readonly maxHistory?: number;
  /** Clock for timestamps. @defaultValue `systemClock` */
  readonly clock?: Clock;
  /** Run id put on events. @defaultValue `"standalone"` */
  readonly runId?: string;
  /** Pipeline name put on events. @defaultValue `"standalone"` */
  readonly pipeline?: string;
}

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

/**
 * Records truncations, keeps a bounded history and running totals, and sends each record to its sink
 * as a `context.truncation` event. Inside a run, read the run's tracker (already bound to the run's
 * sink) with `ctx.get(TruncationTrackerKey)`.
 * @example
 * ```ts
 * tracker.recordTruncation({ originalTokens: 1200, truncatedTokens: 800, strategy: "tail", contentType: "documents", reason: "budget" });
 * ```
 */
export class TruncationTracker {
  /** The history bound. */
  readonly maxHistory: number;
  readonly #events: EventBinding;
  readonly #history: TruncationEvent[] = [];
  readonly #strategies = new Map<string, number>();
  readonly #contentTypes = new Map<string, number>();
  #count = 0;
  #removed = 0;
  #ratioSum = 0;

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
    this.#events = new EventBinding(options);
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
    const event: TruncationEvent = Object.freeze({
      timestamp: this.#events.clock.now(),
      originalTokens,
      truncatedTokens,
      tokensRemoved: originalTokens - truncatedTokens,
      strategy: text("strategy", input.strategy),
      contentType: text("contentType", input.contentType),
      reason: text("reason", input.reason),
      preservedRatio: originalTokens === 0 ? 1 : truncatedTokens / originalTokens,
      metadata: Object.freeze({ ...(input.metadata ?? {}) }),
    });
    this.#count++;
    this.#removed += event.tokensRemoved;
    this.#ratioSum += event.preservedRatio;
    this.#strategies.set(event.strategy, (this.#strategies.get(event.strategy) ?? 0) + 1);
    this.#contentTypes.set(event.contentType, (this.#contentTypes.get(event.contentType) ?? 0) + 1);
    if (this.maxHistory > 0) {
      this.#history.push(event);
      if (this.#history.length > this.maxHistory) this.#history.shift();
    }
    this.#events.emit("context.truncation", { ...event }, input.stage);
    return event;
  }

  /** The most recent events, oldest first, at most `maxHistory`. */
  get events(): readonly TruncationEvent[] {
    return [...this.#history];
  }

  /** Truncations recorded since creation (or `clear`). */
  get eventCount(): number {
    return this.#count;
  }

  /** Tokens removed by every truncation recorded since creation (or `clear`). */
  get totalTokensRemoved(): number {
    return this.#removed;
  }

  /** @returns totals over every truncation recorded since creation (or `clear`) */
  getSummary(): TruncationSummary {
    return {
      eventCount: this.#count,
      totalTokensRemoved: this.#removed,
      strategiesUsed: Object.fromEntries(this.#strategies),
      contentTypes: Object.fromEntries(this.#contentTypes),
      avgPreservedRatio: this.#count === 0 ? 1 : this.#ratioSum / this.#count,
    };
  }

  /** Forgets the history and resets the totals. */
  clear(): void {
    this.#history.length = 0;
    this.#strategies.clear();
    this.#contentTypes.clear();
    this.#count = 0;
    this.#removed = 0;
    this.#ratioSum = 0;
  }
}
