/**
 * @module `AbortLink`: a child abort source that follows a parent signal without any event listener.
 */
import { onAbort, registerFollowable, type AbortListener, type FollowableSource } from "./onAbort.js";

const NOTHING_TO_UNDO = (): void => undefined;

/**
 * A child abort source: its {@link AbortLink.signal} aborts when the parent signal does (with the
 * parent's reason) or when {@link AbortLink.abort} is called, whichever comes first.
 *
 * Following costs no `addEventListener` on a link's own signal: a parent is followed through
 * {@link onAbort} (O(1), one shared listener per foreign signal), and `onAbort(link.signal, …)` puts
 * the follower into the link's own set, called synchronously by `abort` right after the signal
 * aborted. A chain of links (run → attempt → timeout → sleep) therefore touches no event listener
 * until something actually aborts. Listeners added with `addEventListener` still fire as usual.
 *
 * Call {@link AbortLink.unlink} when the work finished first, so the parent no longer refers to the
 * link.
 * @example
 * ```ts
 * async intercept(ctx, next) {
 *   const attempt = new AbortLink(ctx.signal);
 *   try {
 *     return await next({ signal: attempt.signal });
 *   } finally {
 *     attempt.unlink();
 *   }
 * }
 * ```
 */
export class AbortLink {
  readonly #controller = new AbortController();
  /** Followers registered through `onAbort(this.signal, …)`, created on first use. */
  #followers: Set<AbortListener> | undefined;
  #unfollow: () => void = NOTHING_TO_UNDO;

  /**
   * @param parent - the signal to follow; without one the link only aborts through `abort`
   */
  constructor(parent?: AbortSignal) {
    const source: FollowableSource = { follow: (listener) => this.#follow(listener) };
    registerFollowable(this.#controller.signal, source);
    if (parent !== undefined) this.#unfollow = onAbort(parent, (reason) => this.abort(reason));
  }

  /** The link's signal: hand it to the work it bounds. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the link aborted (itself or through its parent). */
  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Aborts the signal with `reason`, then calls the followers registered through `onAbort`, in
   * registration order. Also stops following the parent. Does nothing when already aborted. A
   * follower that throws does not stop the others; its error is rethrown from a microtask, like an
   * event listener's.
   * @param reason - the signal's reason (pass an explicit one: building the default `AbortError` is slow)
   */
  abort(reason?: unknown): void {
    const signal = this.#controller.signal;
    if (signal.aborted) return;
    this.unlink();
    this.#controller.abort(reason);
    const followers = this.#followers;
    this.#followers = undefined;
    if (followers === undefined) return;
    const actual: unknown = signal.reason;
    for (const follower of followers) {
      try {
        follower(actual);
      } catch (error) {
        // Like an event listener's error: reported, and the other followers still run.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Stops following the parent (call it when the work finished first). Safe to call more than once. */
  unlink(): void {
    const unfollow = this.#unfollow;
    this.#unfollow = NOTHING_TO_UNDO;
    unfollow();
  }

  #follow(listener: AbortListener): () => void {
    // onAbort checked `aborted` already; a late follower of an aborted link is called at once there.
    const set = (this.#followers ??= new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }
}
