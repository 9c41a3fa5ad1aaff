/**
 * @module `onAbort`: follow an abort signal shared by many stages without piling listeners onto it.
 */

/** Called once with the signal's reason. */
export type AbortListener = (reason: unknown) => void;

/**
 * A signal source that keeps its own followers (an `AbortLink`): `onAbort` hands listeners to it
 * instead of adding a listener to the signal.
 * @internal
 */
export interface FollowableSource {
  /** The object owning the signal (an `AbortLink`). */
  readonly owner: object;
  /** Adds a follower; returns the function that removes it. */
  follow(listener: AbortListener): () => void;
}

const SOURCES_KEY = Symbol.for("stageflow.core.abortSources");

/**
 * Signals owned by an `AbortLink`, shared through `globalThis` so that two loaded copies of this
 * package (an ESM and a CJS one, say) still recognise each other's links.
 */
const sources: WeakMap<AbortSignal, FollowableSource> = ((globalThis as Record<symbol, unknown>)[
  SOURCES_KEY
] ??= new WeakMap<AbortSignal, FollowableSource>()) as WeakMap<AbortSignal, FollowableSource>;

/**
 * Marks `signal` as owned by `source`, so that `onAbort(signal, …)` asks `source` to call its followers.
 * @internal
 */
export function registerFollowable(signal: AbortSignal, source: FollowableSource): void {
  sources.set(signal, source);
}

/**
 * The source owning `signal`, if it is a link's.
 * @internal
 */
export function sourceOfSignal(signal: AbortSignal): FollowableSource | undefined {
  return sources.get(signal);
}

/** Listeners per foreign signal; the signal itself carries one real listener that fans out to them. */
const followers = new WeakMap<AbortSignal, Set<AbortListener>>();

const NOTHING_TO_UNDO = (): void => undefined;

function followForeign(signal: AbortSignal, listener: AbortListener): () => void {
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

/**
 * Calls `listener` with the signal's reason once `signal` aborts (at once if it already has).
 * Unlike `addEventListener`, subscribing and unsubscribing cost O(1) however many followers the
 * signal has, and the signal never holds more than one listener, so a run's signal followed by a
 * thousand concurrent stages (each with a timeout or a retry) stays cheap and warning-free. The
 * signal of an {@link AbortLink} gets no listener at all: the link calls its followers itself.
 * @param signal - the signal to follow (for instance `ctx.signal`)
 * @param listener - called once with `signal.reason`
 * @returns a function that stops following; call it when the work finished first
 * @example
 * ```ts
 * const attempt = new AbortLink(ctx.signal);
 * const stop = onAbort(attempt.signal, (reason) => releaseConnection(reason));
 * try {
 *   return await next({ signal: attempt.signal });
 * } finally {
 *   stop();
 *   attempt.unlink();
 * }
 * ```
 */
export function onAbort(signal: AbortSignal, listener: AbortListener): () => void {
  if (signal.aborted) {
    listener(signal.reason);
    return NOTHING_TO_UNDO;
  }
  const source = sources.get(signal);
  return source === undefined ? followForeign(signal, listener) : source.follow(listener);
}
