/**
 * @module Per-attempt abort links, following the stage's signal and marked as a retry's own.
 * @internal
 */

import { AbortLink, type InterceptorContext } from "@stageflow/core";

/** `Symbol.for` so two installed copies of this package still recognise each other's attempts. */
const RETRY_OWNERSHIP = Symbol.for("stageflow.retry.attempt");

/** Shared between a retry loop and a retry directly inside it. */
interface Ownership {
  delegated: boolean;
}

/**
 * One attempt's abort link: aborts when the stage's signal does, or when the attempt is
 * superseded. Its signal is only created if something reads it; the ownership mark is a field of
 * the link itself (no registry to update per attempt).
 */
export class AttemptSignal extends AbortLink {
  readonly [RETRY_OWNERSHIP]: Ownership = { delegated: false };

  /** @param ctx - the retry's context, whose signal (or link) this attempt follows */
  constructor(ctx: InterceptorContext) {
    super(ctx);
  }

  /** True when a retry inside this one took the stage over (it then owns every attempt). */
  get delegated(): boolean {
    return this[RETRY_OWNERSHIP].delegated;
  }

  /** Tells work still running from a failed attempt that its result is no longer wanted. */
  supersede(reason: Error): void {
    this.abort(reason);
  }
}

/**
 * Called by a retry on its context: when the context's signal belongs to an attempt of a retry
 * directly outside, that retry steps aside so the two never multiply their attempts (the inner,
 * more specific one wins).
 */
export function takeOverFromOuterRetry(ctx: InterceptorContext): void {
  const link = AbortLink.of(ctx) as Partial<Record<typeof RETRY_OWNERSHIP, Ownership>> | undefined;
  const ownership = link?.[RETRY_OWNERSHIP];
  if (ownership !== undefined) ownership.delegated = true;
}
