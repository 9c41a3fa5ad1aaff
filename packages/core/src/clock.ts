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
  /**
   * Optional: calls `callback` once, `ms` milliseconds from now on this clock, unless the returned
   * function is called first. Cheaper than `sleep` with a signal when a timer is usually cancelled
   * (a timeout whose work finishes first); clocks without it keep working, core then falls back to
   * an abortable `sleep`. Negative and `NaN` delays count as 0; `Infinity` never fires.
   * @param ms - the delay in milliseconds
   * @param callback - called once when the delay has passed (not called after cancelling)
   * @returns a function that cancels the timer; calling it late or twice does nothing
   */
  schedule?(ms: number, callback: () => void): () => void;
}

/** A source of uniformly distributed numbers in [0, 1), injectable for deterministic jitter. */
export type RandomSource = () => number;

function abortReason(signal: AbortSignal): Error {
  // Like the platform's own abortable APIs, reject with the signal's reason, whatever it is.
  return (signal.reason ?? new Error("The operation was aborted")) as Error;
}

/** The longest delay `setTimeout` honours; longer ones are reached in several steps. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const NOTHING_TO_CANCEL = (): void => undefined;

function scheduleTimeout(ms: number, callback: () => void): () => void {
  const delay = ms > 0 ? ms : 0;
  if (delay === Infinity) return NOTHING_TO_CANCEL;
  if (delay <= MAX_TIMEOUT_MS) {
    const timer = setTimeout(callback, delay);
    return () => clearTimeout(timer);
  }
  let cancelRest = NOTHING_TO_CANCEL;
  const timer = setTimeout(() => {
    cancelRest = scheduleTimeout(delay - MAX_TIMEOUT_MS, callback);
  }, MAX_TIMEOUT_MS);
  return () => {
    clearTimeout(timer);
    cancelRest();
  };
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      let stop: (() => void) | undefined;
      const cancel = scheduleTimeout(ms, () => {
        stop?.();
        resolve();
      });
      // One listener on the signal however many sleeps follow it (see onAbort).
      if (signal !== undefined) {
        stop = onAbort(signal, () => {
          cancel();
          reject(abortReason(signal));
        });
      }
    });
  },
  schedule: scheduleTimeout,
});
