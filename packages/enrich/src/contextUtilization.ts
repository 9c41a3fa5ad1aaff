/**
 * @module `ContextUtilization`: a token budget with reserved tokens and a near-limit signal.
 */
import type { StageRecord } from "@stageflow/core";
import type {
  BoundStage,
  ContextUtilizationJSON,
  ContextUtilizationOptions,
  TokenSpendOptions,
} from "./budgetTypes.js";
import { AttemptLedger } from "./internal/attemptLedger.js";
import { count, readBudgetOptions } from "./internal/budgetOptions.js";
import { EventBinding } from "./internal/eventBinding.js";

/** What every view of one budget shares: the tokens spent, by whom, and whether near-limit was signalled. */
interface Tally {
  used: number;
  signalled: boolean;
  readonly events: EventBinding;
  readonly ledger: AttemptLedger;
}

/** Set in the class body, which alone reaches a budget's ledger: see {@link settleStageSpending}. */
let settle!: (budget: ContextUtilization, stage: string, kept: boolean, attempts: number) => void;

/**
 * A token budget: `maxTokens` minus `reservedTokens` is what `add` may spend. `utilization` is
 * used ÷ (max − reserved). `add` refuses (returns false, spends nothing) what does not fit.
 * Bound to a sink, it emits `context.near_limit` once each time utilization rises to `nearLimitRatio`
 * or above (again only after `release` brought it back below). Inside a run, each stage reads the
 * run's budget through a view bound to it (`ctx.get(ContextUtilizationKey)`, see `forStage`), so the
 * event names the stage and attempt whose spending crossed the ratio, and what an attempt whose
 * content is discarded spent (an earlier attempt of a retried stage, a stage that did not end `ok`)
 * is given back.
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
  /** Shared by this budget and every view of it. */
  #tally: Tally;
  /** The stage attempt this view spends for; `undefined` for the budget itself. */
  #spender: BoundStage | undefined;

  /**
   * @param options - size, usage, reservation, ratio and optional event binding
   * @throws `InvalidOptionsError` for unknown options, negative or fractional counts, a reservation
   * above `maxTokens`, or a ratio outside (0, 1]
   */
  constructor(options: ContextUtilizationOptions) {
    const figures = readBudgetOptions(options);
    this.maxTokens = figures.maxTokens;
    this.reservedTokens = figures.reservedTokens;
    this.nearLimitRatio = figures.nearLimitRatio;
    this.#tally = {
      used: figures.usedTokens,
      signalled: false,
      events: new EventBinding(options),
      ledger: new AttemptLedger(),
    };
    this.#tally.signalled = this.isNearLimit;
    this.#spender = undefined;
  }

  /**
   * A view of this budget for one stage attempt: it spends and gives back the same tokens, and the
   * `context.near_limit` events it emits name that stage and attempt. What each attempt spends through
   * its view is counted, and the first view of a later attempt of the same stage gives back what the
   * earlier attempts spent (their content was discarded with them). Inside a run you never call this:
   * `ctx.get(ContextUtilizationKey)` returns the run's budget already viewed for the calling stage.
   * @param stage - the stage's name and attempt number
   * @returns a budget sharing this one's tokens
   * @example
   * ```ts
   * const forAnswer = budget.forStage({ name: "answer", attempt: 1 });
   * forAnswer.add(500); // budget.usedTokens grows by 500 too
   * ```
   */
  forStage(stage: BoundStage): ContextUtilization {
    const view = new ContextUtilization({
      maxTokens: this.maxTokens,
      reservedTokens: this.reservedTokens,
      nearLimitRatio: this.nearLimitRatio,
    });
    view.#tally = this.#tally;
    view.#spender = Object.freeze({ name: stage.name, attempt: stage.attempt });
    this.#giveBack(stage.name, (attempt) => attempt < stage.attempt);
    return view;
  }

  /** Gives back what the attempts of `stage` selected by `drop` spent through their views. */
  #giveBack(stage: string, drop: (attempt: number) => boolean): void {
    const tally = this.#tally;
    const tokens = tally.ledger.take(stage, drop);
    if (tokens === 0) return;
    tally.used = Math.max(0, tally.used - tokens);
    this.#checkCrossing(undefined);
  }

  static {
    settle = (budget, stage, kept, attempts) => {
      const keep = kept ? Math.max(attempts, budget.#tally.ledger.latestAttempt(stage)) : Number.NaN;
      budget.#giveBack(stage, (attempt) => attempt !== keep);
    };
  }

  /** Tokens spent so far. */
  get usedTokens(): number {
    return this.#tally.used;
  }

  /** Tokens `add` may still spend: max − reserved − used, never below 0. */
  get availableTokens(): number {
    return Math.max(0, this.maxTokens - this.reservedTokens - this.#tally.used);
  }

  /** Used ÷ (max − reserved); 1 when nothing is spendable. May exceed 1 if created over budget. */
  get utilization(): number {
    const spendable = this.maxTokens - this.reservedTokens;
    return spendable === 0 ? 1 : this.#tally.used / spendable;
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
   * @param options - the spending stage, for the near-limit event (a view's own stage by default)
   * @returns true when spent, false when refused because it would overflow
   * @throws `InvalidOptionsError` for a negative or fractional count
   */
  add(tokens: number, options?: TokenSpendOptions): boolean {
    count("ContextUtilization.add", "tokens", tokens);
    if (!this.canFit(tokens)) return false;
    this.#tally.used += tokens;
    const spender = this.#spender;
    if (spender !== undefined) this.#tally.ledger.record(spender.name, spender.attempt, tokens);
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
    this.#tally.used = Math.max(0, this.#tally.used - tokens);
    const spender = this.#spender;
    if (spender !== undefined) this.#tally.ledger.forget(spender.name, spender.attempt, tokens);
    this.#checkCrossing(undefined);
  }

  /** Emits `context.near_limit` on an upward crossing, naming `stage` or else this view's stage attempt. */
  #checkCrossing(stage: string | undefined): void {
    const tally = this.#tally;
    const near = this.isNearLimit;
    if (near && !tally.signalled) {
      const spender = this.#spender;
      const own = stage === undefined || stage === spender?.name;
      tally.events.emit(
        "context.near_limit",
        this.toJSON(),
        stage ?? spender?.name,
        own ? spender?.attempt : undefined,
      );
    }
    tally.signalled = near;
  }

  /** @returns a plain JSON view of the budget */
  toJSON(): ContextUtilizationJSON {
    return {
      maxTokens: this.maxTokens,
      usedTokens: this.#tally.used,
      reservedTokens: this.reservedTokens,
      availableTokens: this.availableTokens,
      utilization: this.utilization,
      nearLimitRatio: this.nearLimitRatio,
      isNearLimit: this.isNearLimit,
      isAtLimit: this.isAtLimit,
    };
  }
}

/**
 * Settles what a stage spent through its views, once it has settled: when it ended `ok`, its latest
 * attempt (the highest of `outcome.attempts` and those that spent) keeps its tokens and the earlier
 * attempts' are given back; otherwise all of them are.
 * @internal used by `contextEnrichment`
 */
export function settleStageSpending(budget: ContextUtilization, stage: string, outcome: StageRecord): void {
  settle(budget, stage, outcome.status === "ok", outcome.attempts);
}
