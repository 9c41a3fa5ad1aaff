/**
 * @module Per-attempt abort signals, linked to the stage's signal and marked as a retry's own.
 * @internal
 */

import { onAbort } from "@stageflow/core";

/** `Symbol.for` so two installed copies of this package still recognise each other's attempts. */
const RETRY_ATTEMPT = Symbol.for("stageflow.retry.attempt");

/** Shared between a retry loop and a retry directly inside it. */
interface Ownership {
  delegated: boolean;
}

/** One attempt's signal: aborts when the stage's signal does, or when the attempt is superseded. */
export class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #ownership: Ownership = { delegated: false };
  readonly #unlink: () => void;

  constructor(parent: AbortSignal) {
    Object.defineProperty(this.#controller.signal, RETRY_ATTEMPT, { value: this.#ownership });
    // One listener on the stage's signal however many stages retry at once (removal stays O(1)).
    this.#unlink = onAbort(parent, (reason) => this.#controller.abort(reason));
  }

  /** The signal handed to the inner layers. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True when a retry inside this one took the stage over (it then owns every attempt). */
  get delegated(): boolean {
    return this.#ownership.delegated;
  }

  /** Stops following the stage's signal (call once the attempt settled). */
  unlink(): void {
    this.#unlink();
  }

  /** Tells work still running from a failed attempt that its result is no longer wanted. */
  supersede(reason: Error): void {
    this.#controller.abort(reason);
  }
}

/**
 * Called by a retry on the signal it was given: when that signal belongs to a retry directly
 * outside, that retry steps aside so the two never multiply their attempts (the inner, more
 * specific one wins).
 */
export function takeOverFromOuterRetry(signal: AbortSignal): void {
  const ownership = (signal as unknown as Record<symbol, Ownership | undefined>)[RETRY_ATTEMPT];
  if (ownership !== undefined) ownership.delegated = true;
}
