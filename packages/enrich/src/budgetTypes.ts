/**
 * @module Options, JSON form and stage binding of `ContextUtilization` budgets.
 */
import type { Clock, EventSink, StageAttempt } from "@stageflow/core";

/** Options of `ContextUtilization`. */
export interface ContextUtilizationOptions {
  /** The model's context window (or the share of it this budget covers), in tokens. */
  readonly maxTokens: number;
  /**
   * Tokens already used.
   * @defaultValue 0
   */
  readonly usedTokens?: number | undefined;
  /**
   * Tokens held back (e.g. for the model's answer); never available to `add`.
   * @defaultValue 0
   */
  readonly reservedTokens?: number | undefined;
  /**
   * Utilization (0–1] from which the budget counts as near its limit.
   * @defaultValue 0.8
   */
  readonly nearLimitRatio?: number | undefined;
  /** Receives a `context.near_limit` event each time utilization crosses `nearLimitRatio` upwards. */
  readonly eventSink?: EventSink | undefined;
  /** Clock for event timestamps. @defaultValue `systemClock` */
  readonly clock?: Clock | undefined;
  /** Run id put on events. @defaultValue `"standalone"` */
  readonly runId?: string | undefined;
  /** Pipeline name put on events. @defaultValue `"standalone"` */
  readonly pipeline?: string | undefined;
}

/** The JSON form of a `ContextUtilization`. */
export interface ContextUtilizationJSON {
  /** The budget's size. */
  readonly maxTokens: number;
  /** Tokens spent. */
  readonly usedTokens: number;
  /** Tokens held back. */
  readonly reservedTokens: number;
  /** Tokens still spendable. */
  readonly availableTokens: number;
  /** Used ÷ (max − reserved). */
  readonly utilization: number;
  /** The near-limit ratio. */
  readonly nearLimitRatio: number;
  /** Utilization ≥ the ratio. */
  readonly isNearLimit: boolean;
  /** No token available. */
  readonly isAtLimit: boolean;
}

/** Options of `ContextUtilization.add`. */
export interface TokenSpendOptions {
  /**
   * The stage spending the tokens, put as `stage` on the `context.near_limit` event this call may
   * emit. Not needed inside a run: the budget a stage gets from `ctx.get(ContextUtilizationKey)`
   * already names that stage and its attempt. Given, it replaces them on the event.
   */
  readonly stage?: string | undefined;
}

/** The stage attempt a view of a budget or tracker is bound to (see `forStage`). */
export type BoundStage = Pick<StageAttempt, "name" | "attempt">;
