/**
 * @module Per-attempt abort signals, linked to the stage's signal and recorded as a retry's own.
 * @internal
 */

import { AbortLink, type InterceptorContext, type NextOverrides } from "@stageflow/core";

/** Shared between a retry loop and a retry directly inside it. */
interface Ownership {
  delegated: boolean;
}

/** `Symbol.for` so two installed copies of this package share one registry of attempts. */
const ATTEMPTS_KEY = Symbol.for("stageflow.retry.attempts");

/** The retry each attempt's link belongs to; entries go away with their links. */
const attempts: WeakMap<AbortLink, Ownership> = ((globalThis as Record<symbol, unknown>)[ATTEMPTS_KEY] ??=
  new WeakMap<AbortLink, Ownership>()) as WeakMap<AbortLink, Ownership>;

/** One attempt's signal: aborts when the stage's signal does, or when the attempt is superseded. */
export class AttemptSignal {
  readonly #link: AbortLink;
  readonly #ownership: Ownership = { delegated: false };

  constructor(ctx: InterceptorContext) {
    // Follows the stage's signal without an event listener (see AbortLink), however many stages
    // retry; the attempt's own signal is only created if something reads it.
    this.#link = new AbortLink(ctx);
    attempts.set(this.#link, this.#ownership);
  }

  /** The signal handed to the inner layers (created on first read). */
  get signal(): AbortSignal {
    return this.#link.signal;
  }

  /**
   * What to pass to `next` for this attempt.
   * @param attempt - the attempt number
   */
  overrides(attempt: number): NextOverrides {
    return this.#link.overrides(attempt);
  }

  /** True when a retry inside this one took the stage over (it then owns every attempt). */
  get delegated(): boolean {
    return this.#ownership.delegated;
  }

  /** Stops following the stage's signal (call once the attempt settled). */
  unlink(): void {
    this.#link.unlink();
  }

  /** Tells work still running from a failed attempt that its result is no longer wanted. */
  supersede(reason: Error): void {
    this.#link.abort(reason);
  }
}

/**
 * Called by a retry on the signal it was given: when that signal belongs to a retry directly
 * outside, that retry steps aside so the two never multiply their attempts (the inner, more
 * specific one wins).
 */
export function takeOverFromOuterRetry(ctx: InterceptorContext): void {
  const link = AbortLink.of(ctx);
  const ownership = link === undefined ? undefined : attempts.get(link);
  if (ownership !== undefined) ownership.delegated = true;
}
