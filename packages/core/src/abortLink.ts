/**
 * @module `AbortLink`: a child abort source that follows a parent without any event listener.
 */
import type { NextOverrides } from "./interceptor.js";
import {
  CONTEXT_LINK,
  FOLLOW,
  onAbort,
  registerFollowable,
  sourceOfSignal,
  type AbortListener,
  type Followable,
  type HasSignal,
} from "./onAbort.js";

export { CONTEXT_LINK, type HasSignal };

const NOTHING_TO_UNDO = (): void => undefined;

function carriedLink(value: object): AbortLink | undefined {
  return (value as { [CONTEXT_LINK]?: AbortLink })[CONTEXT_LINK];
}

/**
 * A child abort source: its {@link AbortLink.signal} aborts when the parent does (with the parent's
 * reason) or when {@link AbortLink.abort} is called, whichever comes first.
 *
 * It is cheap on the path where nothing aborts: the signal itself is only created when first read
 * (in Node, creating an `AbortSignal` costs far more than the rest of a stage attempt), a parent
 * link or link-backed context is followed without creating its signal, a parent signal is followed
 * through {@link onAbort} (O(1), one shared listener), and `onAbort(link.signal, …)` puts the
 * follower into the link's own set, called synchronously by `abort` right after the signal aborted.
 * A chain of links (run → attempt → timeout → sleep) therefore touches no event listener until
 * something aborts; listeners added with `addEventListener` still fire as usual.
 *
 * Hand a link to the inner layers with `next(link.overrides())`: core's executor then gives the
 * stage a context whose `signal` is created only if the stage reads it. Call
 * {@link AbortLink.unlink} when the work finished first, so the parent drops the link.
 * @example
 * ```ts
 * async intercept(ctx, next) {
 *   const attempt = new AbortLink(ctx); // follows ctx.signal
 *   const stop = ctx.clock.schedule?.(5_000, () => attempt.abort(new Error("too slow")));
 *   try {
 *     return await next(attempt.overrides());
 *   } finally {
 *     stop?.();
 *     attempt.unlink();
 *   }
 * }
 * ```
 */
export class AbortLink implements Followable {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  /** The first follower (through `onAbort(this.signal, …)` or a child link): most links have one. */
  #first: AbortListener | undefined;
  /** Later followers, in registration order, created on first use. */
  #more: Set<AbortListener> | undefined;
  #unfollow: () => void = NOTHING_TO_UNDO;

  /**
   * @param parent - what to follow: an `AbortSignal`, or anything with a signal (another link, a
   *   stage or interceptor context); without one the link only aborts through `abort`
   */
  constructor(parent?: AbortSignal | HasSignal) {
    if (parent === undefined) return;
    // A parent link, or a context carrying one, is followed without creating its signal.
    this.#unfollow = onAbort(parent, (reason) => this.abort(reason));
  }

  /**
   * The link that owns `target`'s signal, found without creating that signal when `target` is one
   * of core's attempt contexts.
   * @param target - a signal, or anything with one (a context)
   * @returns the owning link, or `undefined` when the signal is not a link's
   */
  static of(target: AbortSignal | HasSignal): AbortLink | undefined {
    if (target instanceof AbortLink) return target;
    const carried = carriedLink(target);
    if (carried !== undefined) return carried;
    const owner = sourceOfSignal(signalOf(target))?.owner;
    return owner instanceof AbortLink ? owner : undefined;
  }

  /** The link's signal (created on first read). Hand it to work that takes an `AbortSignal`. */
  get signal(): AbortSignal {
    let controller = this.#controller;
    if (controller === undefined) {
      controller = this.#controller = new AbortController();
      registerFollowable(controller.signal, { owner: this, follow: (listener) => this.#follow(listener) });
      if (this.#aborted) controller.abort(this.#reason);
    }
    return controller.signal;
  }

  /** True once the link aborted (itself or through its parent); reading it creates no signal. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /**
   * Overrides for `next()` that hand this link's signal to the inner layers. Core's executor
   * creates the signal only if something reads it; any other `next` reads `signal` as usual.
   * @param attempt - the attempt number the inner layers see (default: unchanged)
   * @returns overrides to pass to `next`
   */
  overrides(attempt?: number): NextOverrides {
    return new LinkOverrides(this, attempt);
  }

  /**
   * Aborts the signal with `reason`, then calls the followers (registered through `onAbort` or by
   * child links) in registration order. Also stops following the parent. Does nothing when already
   * aborted. A follower that throws does not stop the others; its error is rethrown from a
   * microtask, like an event listener's.
   * @param reason - the signal's reason (without one, the platform's `AbortError`)
   */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.unlink();
    // A signal already handed out aborts now (firing its listeners); without a reason, the platform's.
    if (this.#controller !== undefined || reason === undefined) {
      const signal = this.signal;
      if (!signal.aborted) this.#controller?.abort(reason);
      this.#reason = signal.reason;
    }
    const first = this.#first;
    const more = this.#more;
    this.#first = undefined;
    this.#more = undefined;
    const actual = this.#reason;
    if (first !== undefined) callFollower(first, actual);
    if (more !== undefined) for (const follower of more) callFollower(follower, actual);
  }

  /** Stops following the parent (call it when the work finished first). Safe to call more than once. */
  unlink(): void {
    const unfollow = this.#unfollow;
    this.#unfollow = NOTHING_TO_UNDO;
    unfollow();
  }

  /**
   * Adds a follower without creating the signal (what `onAbort(link, listener)` calls).
   * @internal
   */
  [FOLLOW](listener: AbortListener): () => void {
    return this.#follow(listener);
  }

  #follow(listener: AbortListener): () => void {
    if (this.#aborted) {
      listener(this.#reason);
      return NOTHING_TO_UNDO;
    }
    if (listener === this.#first) return () => this.#dropFirst(listener);
    if (this.#first === undefined && this.#more === undefined) {
      this.#first = listener;
      return () => this.#dropFirst(listener);
    }
    const set = (this.#more ??= new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  #dropFirst(listener: AbortListener): void {
    if (this.#first === listener) this.#first = undefined;
  }
}

/** Calls one follower; like an event listener's, its error is reported without stopping the others. */
function callFollower(follower: AbortListener, reason: unknown): void {
  try {
    follower(reason);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function signalOf(target: AbortSignal | HasSignal): AbortSignal {
  return "signal" in target ? target.signal : target;
}

/**
 * The own enumerable key under which overrides carry their link: a spread of the overrides
 * (`{ ...overrides, attempt }`) keeps it, so core's executor still hands the link down.
 * @internal
 */
export const OVERRIDES_LINK: unique symbol = Symbol("stageflow.overridesLink");

/**
 * The overrides `AbortLink.overrides` returns; core's executor recognises them and keeps the
 * link's signal lazy; anything else reads `signal` and gets the link's, created then.
 * @internal
 */
export class LinkOverrides implements NextOverrides {
  declare readonly attempt?: number;
  /** The link whose signal the inner layers see. */
  readonly [OVERRIDES_LINK]: AbortLink;

  constructor(link: AbortLink, attempt: number | undefined) {
    this[OVERRIDES_LINK] = link;
    if (attempt !== undefined) (this as { attempt?: number }).attempt = attempt;
  }

  /** The link's signal, created on read (by a `next` other than core's). */
  get signal(): AbortSignal {
    return this[OVERRIDES_LINK].signal;
  }
}

/**
 * The link that `overrides` hand down: always for core's own overrides object, and for a copy
 * of one (a spread) unless the copy sets its own `signal`.
 * @internal
 */
export function linkOfOverrides(overrides: NextOverrides): AbortLink | undefined {
  const link = (overrides as { readonly [OVERRIDES_LINK]?: AbortLink })[OVERRIDES_LINK];
  if (link === undefined) return undefined;
  return overrides instanceof LinkOverrides || overrides.signal === undefined ? link : undefined;
}
