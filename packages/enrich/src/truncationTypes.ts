/**
 * @module What a `TruncationTracker` records, accepts and reports, and its options.
 */
import type { Clock, EventSink } from "@stageflow/core";

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

/** What `TruncationTracker.recordTruncation` accepts. */
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
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /**
   * The stage that truncated, put as `stage` on the `context.truncation` event. Not needed inside a
   * run: the tracker a stage gets from `ctx.get(TruncationTrackerKey)` already names that stage and its
   * attempt. Given, it replaces them on the event.
   */
  readonly stage?: string | undefined;
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

/** Options of `TruncationTracker`. */
export interface TruncationTrackerOptions {
  /** Receives a `context.truncation` event per record. */
  readonly eventSink?: EventSink | undefined;
  /**
   * How many recent events `events` keeps; older ones are dropped (the summary still counts them).
   * @defaultValue 1000
   */
  readonly maxHistory?: number | undefined;
  /** Clock for timestamps. @defaultValue `systemClock` */
  readonly clock?: Clock | undefined;
  /** Run id put on events. @defaultValue `"standalone"` */
  readonly runId?: string | undefined;
  /** Pipeline name put on events. @defaultValue `"standalone"` */
  readonly pipeline?: string | undefined;
}
