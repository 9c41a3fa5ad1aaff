/**
 * @module One cancellable timer on any `Clock`, with or without its optional `schedule` method.
 * @internal
 */
import { AbortLink } from "../abortLink.js";
import type { Clock } from "../clock.js";

/** Why a fallback sleep is aborted when its timer is cancelled; it never leaves core. */
const TIMER_CANCELLED: unknown = Object.freeze({ reason: "the timer was cancelled" });

const IGNORE = (): void => undefined;

/**
 * Calls `callback` after `ms` on `clock` unless the returned function is called first. Uses the
 * clock's `schedule` when it has one; otherwise an abortable `sleep`, cancelled by aborting it.
 * @param clock - the run's clock
 * @param ms - the delay
 * @param callback - called once when the delay has passed
 * @returns cancels the timer (a no-op once it fired or was cancelled)
 */
export function scheduleOn(clock: Clock, ms: number, callback: () => void): () => void {
  if (typeof clock.schedule === "function") return clock.schedule(ms, callback);
  const link = new AbortLink();
  let pending = true;
  clock.sleep(ms, link.signal).then(() => {
    if (!pending) return;
    pending = false;
    callback();
  }, IGNORE);
  return () => {
    if (!pending) return;
    pending = false;
    link.abort(TIMER_CANCELLED);
  };
}
