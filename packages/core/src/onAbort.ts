/**
 * @module `onAbort`: follow an abort signal shared by many stages without piling listeners onto it.
 */

type AbortListener = (reason: unknown) => void;

/** Listeners per signal; the signal itself carries one real listener that fans out to them. */
const followers = new WeakMap<AbortSignal, Set<AbortListener>>();

const NOTHING_TO_UNDO = (): void => undefined;

/**
 * Calls `listener` with the signal's reason once `signal` aborts (at once if it already has).
 * Unlike `addEventListener`, subscribing and unsubscribing cost O(1) however many followers the
 * signal has, and the signal never holds more than one listener, so a run's signal followed by a
 * thousand concurrent stages (each with a timeout or a retry) stays cheap and warning-free.
 * @param signal - the signal to follow (for instance `ctx.signal`)
 * @param listener - called once with `signal.reason`
 * @returns a function that stops following; call it when the work finished first
 * @example
 * ```ts
 * const attempt = new AbortController();
 * const stop = onAbort(ctx.signal, (reason) => attempt.abort(reason));
 * try {
 *   return await next({ signal: attempt.signal });
 * } finally {
 *   stop();
 * }
 * ```
 */
export function onAbort(signal: AbortSignal, listener: AbortListener): () => void {
  if (signal.aborted) {
    listener(signal.reason);
    return NOTHING_TO_UNDO;
  }
  let set = followers.get(signal);
  if (set === undefined) {
    const created = new Set<AbortListener>();
    followers.set(signal, created);
    signal.addEventListener(
      "abort",
      () => {
        followers.delete(signal);
        for (const follower of created) follower(signal.reason);
        created.clear();
      },
      { once: true },
    );
    set = created;
  }
  const own = set;
  own.add(listener);
  return () => {
    own.delete(listener);
  };
}
