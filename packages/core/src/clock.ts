/**
 * @module Injectable time: `Clock` and the real `systemClock`.
 */
import { onAbort } from "./onAbort.js";

/** Where a run takes time from; every wait is abortable. `@stageflow/testing` ships a virtual one. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch (the system clock uses the Unix epoch). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts, and
   * clears its timer either way.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A source of uniformly distributed numbers in [0, 1), injectable for deterministic jitter. */
export type RandomSource = () => number;

function abortReason(signal: AbortSignal): Error {
  // Like the platform's own abortable APIs, reject with the signal's reason, whatever it is.
  return (signal.reason ?? new Error("The operation was aborted")) as Error;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      // One listener on the signal however many sleeps follow it (see onAbort).
      const stop =
        signal === undefined
          ? undefined
          : onAbort(signal, () => {
              clearTimeout(timer);
              reject(abortReason(signal));
            });
      const timer = setTimeout(
        () => {
          stop?.();
          resolve();
        },
        Math.max(0, ms),
      );
    });
  },
});
