/**
 * @module What each stage attempt spent of a budget through its view, so that the tokens of attempts
 * whose content cannot reach the final context can be given back.
 * @internal
 */

/** Tokens spent through stage views, by stage name and attempt number. */
export class AttemptLedger {
  readonly #spent = new Map<string, Map<number, number>>();

  /** Counts `tokens` spent by one attempt of `stage`. */
  record(stage: string, attempt: number, tokens: number): void {
    if (tokens === 0) return;
    let attempts = this.#spent.get(stage);
    if (attempts === undefined) this.#spent.set(stage, (attempts = new Map<number, number>()));
    attempts.set(attempt, (attempts.get(attempt) ?? 0) + tokens);
  }

  /** Uncounts up to `tokens` an attempt gave back itself (never below what it spent). */
  forget(stage: string, attempt: number, tokens: number): void {
    const attempts = this.#spent.get(stage);
    const spent = attempts?.get(attempt);
    if (attempts === undefined || spent === undefined) return;
    if (spent > tokens) attempts.set(attempt, spent - tokens);
    else attempts.delete(attempt);
  }

  /** The highest attempt of `stage` that spent anything still counted; 0 when none did. */
  latestAttempt(stage: string): number {
    let latest = 0;
    for (const attempt of this.#spent.get(stage)?.keys() ?? []) latest = Math.max(latest, attempt);
    return latest;
  }

  /**
   * Uncounts the attempts of `stage` that `drop` selects.
   * @returns the tokens they had spent, to give back to the budget
   */
  take(stage: string, drop: (attempt: number) => boolean): number {
    const attempts = this.#spent.get(stage);
    if (attempts === undefined) return 0;
    let tokens = 0;
    for (const [attempt, spent] of attempts) {
      if (!drop(attempt)) continue;
      tokens += spent;
      attempts.delete(attempt);
    }
    if (attempts.size === 0) this.#spent.delete(stage);
    return tokens;
  }
}
