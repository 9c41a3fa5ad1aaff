/**
 * @module Per-attempt abort signals, linked to the stage's signal and marked as a retry's own.
 * @internal
 */

/** `Symbol.for` so two installed copies of this package still recognise each other's attempts. */
const RETRY_ATTEMPT = Symbol.for("stageflow.retry.attempt");

/** Shared between a retry loop and a retry directly inside it. */
interface Ownership {
  delegated: boolean;
}

/** One attempt's signal: aborts when the stage's signal does, or when the attempt is superseded. */
export class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal;
  readonly #ownership: Ownership = { delegated: false };

  constructor(parent: AbortSignal) {
    this.#parent = parent;
    Object.defineProperty(this.#controller.signal, RETRY_ATTEMPT, { value: this.#ownership });
    if (parent.aborted) this.#controller.abort(parent.reason);
    else parent.addEventListener("abort", this.#forward, { once: true });
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
    this.#parent.removeEventListener("abort", this.#forward);
  }

  /** Tells work still running from a failed attempt that its result is no longer wanted. */
  supersede(reason: Error): void {
    this.#controller.abort(reason);
  }

  readonly #forward = (): void => {
    this.#controller.abort(this.#parent.reason);
  };
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
