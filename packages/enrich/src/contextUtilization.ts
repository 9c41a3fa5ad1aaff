/**
 * @module `ContextUtilization`: a token budget with reserved tokens and a near-limit signal.
 */
import { InvalidOptionsError, assertKnownOptions, type Clock, type EventSink } from "@stageflow/core";
import { EventBinding } from "./internal/eventBinding.js";

/** Options of {@link ContextUtilization}. */
export interface ContextUtilizationOptions {
  /** The model's context window (or the share of it this budget covers), in tokens. */
  readonly maxTokens: number;
  /**
   * Tokens already used.
   * @defaultValue 0
   */
  readonly usedTokens?: number;
  /**
   * Tokens held back (e.g. for the model's answer); never available to `add`.
   * @defaultValue 0
   */
  readonly reservedTokens?: number;
  /**
   * Utilization (0–1] from which the budget counts as near its limit.
   * @defaultValue 0.8
   */
  readonly nearLimitRatio?: number;
  /** Receives a `context.near_limit` event each time utilization crosses `nearLimitRatio` upwards. */
  readonly eventSink?: EventSink;
  /** Clock for event timestamps. @defaultValue `systemClock` */
  readonly clock?: Clock;
  /** Run id put on events. @defaultValue `"standalone"` */
  readonly runId?: string;
  /** Pipeline name put on events. @defaultValue `"standalone"` */
  readonly pipeline?: string;
}

/** The JSON form of a {@link ContextUtilization}. */
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

/** Options of {@link ContextUtilization.add}. */
export interface TokenSpendOptions {
  /**
   * The stage spending the tokens, put as `stage` on the `context.near_limit` event this call may
   * emit. Without it the event has no `stage`, also for the run's budget from
   * `ctx.get(ContextUtilizationKey)`, which every stage of the run shares: pass `ctx.stageName`.
   */
  readonly stage?: string;
}

const OPTION_KEYS = [
  "maxTokens",
  "usedTokens",
  "reservedTokens",
  "nearLimitRatio",
  "eventSink",
  "clock",
  "runId",
  "pipeline",
] as const;

function count(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new InvalidOptionsError(
      where,
      `${name} must be a whole number of tokens ≥ 0, got ${String(value)}.`,
    );
  }
  return value;
}

/**
 * A token budget: `maxTokens` minus `reservedTokens` is what `add` may spend. `utilization` is
 * used ÷ (max − reserved). `add` refuses (returns false, spends nothing) what does not fit.
 * Bound to a sink, it emits `context.near_limit` once each time utilization rises to `nearLimitRatio`
 * or above (again only after `release` brought it back below).
 * @example
 * ```ts
 * const budget = new ContextUtilization({ maxTokens: 8000, reservedTokens: 1000 });
 * if (!budget.add(countTokens(doc))) dropOrTruncate(doc);
 * ```
 */
export class ContextUtilization {
  /** The budget's size in tokens. */
  readonly maxTokens: number;
  /** Tokens held back from `add`. */
  readonly reservedTokens: number;
  /** Utilization from which the budget is near its limit. */
  readonly nearLimitRatio: number;
  #used: number;
  #signalled: boolean;
  readonly #events: EventBinding;

  /**
   * @param options - size, usage, reservation, ratio and optional event binding
   * @throws `InvalidOptionsError` for unknown options, negative or fractional counts, a reservation
   * above `maxTokens`, or a ratio outside (0, 1]
   */
  constructor(options: ContextUtilizationOptions) {
    assertKnownOptions("ContextUtilization", options, OPTION_KEYS);
    if (options === undefined) throw new InvalidOptionsError("ContextUtilization", "maxTokens is required.");
    this.maxTokens = count("ContextUtilization", "maxTokens", options.maxTokens);
    this.reservedTokens = count("ContextUtilization", "reservedTokens", options.reservedTokens ?? 0);
    this.#used = count("ContextUtilization", "usedTokens", options.usedTokens ?? 0);
    const ratio = options.nearLimitRatio ?? 0.8;
    if (typeof ratio !== "number" || !(ratio > 0 && ratio <= 1)) {
      throw new InvalidOptionsError(
        "ContextUtilization",
        `nearLimitRatio must be in (0, 1], got ${String(ratio)}.`,
      );
    }
    if (this.reservedTokens > this.maxTokens) {
      throw new InvalidOptionsError(
        "ContextUtilization",
        `reservedTokens (${this.reservedTokens}) exceeds maxTokens (${this.maxTokens}).`,
      );
    }
    this.nearLimitRatio = ratio;
    this.#events = new EventBinding(options);
    this.#signalled = this.isNearLimit;
  }

  /** Tokens spent so far. */
  get usedTokens(): number {
    return this.#used;
  }

  /** Tokens `add` may still spend: max − reserved − used, never below 0. */
  get availableTokens(): number {
    return Math.max(0, this.maxTokens - this.reservedTokens - this.#used);
  }

  /** Used ÷ (max − reserved); 1 when nothing is spendable. May exceed 1 if created over budget. */
  get utilization(): number {
    const spendable = this.maxTokens - this.reservedTokens;
    return spendable === 0 ? 1 : this.#used / spendable;
  }

  /** True when utilization ≥ `nearLimitRatio`. */
  get isNearLimit(): boolean {
    return this.utilization >= this.nearLimitRatio;
  }

  /** True when no token is available. */
  get isAtLimit(): boolean {
    return this.availableTokens === 0;
  }

  /**
   * Whether `tokens` more would fit.
   * @param tokens - a token count
   * @returns true when `tokens` ≤ `availableTokens`
   */
  canFit(tokens: number): boolean {
    return tokens <= this.availableTokens;
  }

  /**
   * Spends tokens if they fit; otherwise spends nothing.
   * @param tokens - whole number ≥ 0
   * @param options - the spending stage, for the near-limit event
   * @returns true when spent, false when refused because it would overflow
   * @throws `InvalidOptionsError` for a negative or fractional count
   */
  add(tokens: number, options?: TokenSpendOptions): boolean {
    count("ContextUtilization.add", "tokens", tokens);
    if (!this.canFit(tokens)) return false;
    this.#used += tokens;
    this.#checkCrossing(options?.stage);
    return true;
  }

  /**
   * Gives tokens back (e.g. after dropping content), never below 0 used.
   * Falling below `nearLimitRatio` re-arms the near-limit event.
   * @param tokens - whole number ≥ 0
   * @throws `InvalidOptionsError` for a negative or fractional count
   */
  release(tokens: number): void {
    count("ContextUtilization.release", "tokens", tokens);
    this.#used = Math.max(0, this.#used - tokens);
    this.#checkCrossing(undefined);
  }

  #checkCrossing(stage: string | undefined): void {
    const near = this.isNearLimit;
    if (near && !this.#signalled) this.#events.emit("context.near_limit", this.toJSON(), stage);
    this.#signalled = near;
  }

  /** @returns a plain JSON view of the budget */
  toJSON(): ContextUtilizationJSON {
    return {
      maxTokens: this.maxTokens,
      usedTokens: this.#used,
      reservedTokens: this.reservedTokens,
      availableTokens: this.availableTokens,
      utilization: this.utilization,
      nearLimitRatio: this.nearLimitRatio,
      isNearLimit: this.isNearLimit,
      isAtLimit: this.isAtLimit,
    };
  }
}
