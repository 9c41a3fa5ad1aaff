/**
 * @module `onAbort`: follow an abort signal shared by many stages without piling listeners onto it.
 */

/** Called once with the signal's reason. */
export type AbortListener = (reason: unknown) => void;

/** Something with an abort signal: an `AbortLink`, or a stage or interceptor context. */
export interface HasSignal {
  /** Its signal. */
  readonly signal: AbortSignal;
}

/**
 * Carried by contexts whose signal belongs to a link (core's attempt contexts), so that `onAbort` and
 * links can follow them, and `AbortLink.of` find their link, without creating the signal.
 * @internal
 */
export const CONTEXT_LINK: unique symbol = Symbol("stageflow.contextLink");

/**
 * The method through which an `AbortLink` takes a follower without creating its signal.
 * @internal
 */
export const FOLLOW: unique symbol = Symbol("stageflow.follow");

/**
 * An abort source that keeps its own followers, reachable without creating its signal (an `AbortLink`).
 * @internal
 */
export interface Followable {
  /** Adds a follower (called at once when already aborted); returns the function that removes it. */
  [FOLLOW](listener: AbortListener): () => void;
}

/** The link behind `target` (the link itself, or the one a core context carries), if any. */
function followableOf(target: HasSignal): Followable | undefined {
  if (typeof (target as Partial<Followable>)[FOLLOW] === "function") return target as unknown as Followable;
  return (target as { readonly [CONTEXT_LINK]?: Followable })[CONTEXT_LINK];
}

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
 *
 * Pass a stage or interceptor context (or a link) rather than its signal to follow it without
 * creating that signal when it belongs to a link, as core's attempt contexts' signals do:
 * `onAbort(ctx, release)` costs no `AbortSignal` on the path where nothing aborts.
 * @param target - the signal to follow, or anything with one (a context, an `AbortLink`)
 * @param listener - called once with the signal's reason
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
export function onAbort(target: AbortSignal | HasSignal, listener: AbortListener): () => void {
  let signal: AbortSignal;
  if ("signal" in target) {
    const followable = followableOf(target);
    if (followable !== undefined) return followable[FOLLOW](listener);
    signal = target.signal;
  } else signal = target;
  if (signal.aborted) {
    listener(signal.reason);
    return NOTHING_TO_UNDO;
  }
  const source = sources.get(signal);
  return source === undefined ? followForeign(signal, listener) : source.follow(listener);
}
