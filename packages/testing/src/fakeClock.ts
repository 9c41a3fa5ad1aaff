/**
 * @module `FakeClock`: core's `Clock` in virtual time, driven by `advance(ms)` and `runAll()`.
 */
import { assertKnownOptions, InvalidOptionsError, onAbort, type Clock } from "@stageflow/core";
import { FakeClockLoopError } from "./errors/fakeClockLoopError.js";
import { settle } from "./internal/settle.js";

/** Options of the {@link FakeClock} constructor. */
export interface FakeClockOptions {
  /**
   * Virtual time the clock starts at, in milliseconds.
   * @defaultValue 0
   */
  readonly now?: number | undefined;
  /**
   * How many timers `runAll()` may fire before failing with {@link FakeClockLoopError}.
   * @defaultValue 2000
   */
  readonly maxJumps?: number | undefined;
}

/** Options of {@link FakeClock.runAll}. */
export interface RunAllOptions {
  /** Overrides the clock's `maxJumps` for this call. */
  readonly maxJumps?: number | undefined;
}

/** A pending sleep or scheduled callback. */
interface Timer {
  readonly due: number;
  readonly seq: number;
  /** Called when the timer fires (after it left the queue). */
  readonly fire: () => void;
}

const OPTION_KEYS = ["now", "maxJumps"] as const;

/** The signal's reason, as is (typed `Error` for the rejection; like core, any value is passed through). */
function abortReason(signal: AbortSignal): Error {
  return (signal.reason ?? new Error("The operation was aborted")) as Error;
}

function checkCount(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidOptionsError(where, `${name} must be a positive integer, got ${String(value)}.`);
  }
  return value;
}

/**
 * A {@link Clock} whose time only moves when the test says so. `sleep` registers a timer instead of
 * waiting; `advance(ms)` moves time forward firing due timers in order; `runAll()` keeps jumping to
 * the next pending sleep until none is left, so a run with minutes of backoff finishes at once.
 * Between two timers, pending promise work is allowed to settle, so a timer scheduled by the code a
 * timer woke up fires in the right order too.
 * @example
 * ```ts
 * const clock = new FakeClock();
 * const running = graph.run(ContextSnapshot.create(), { clock });
 * await clock.runAll();
 * const result = await running;
 * expect(clock.pendingTimers).toBe(0);
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  readonly #maxJumps: number;
  /** Pending timers sorted by due time, then creation order. */
  readonly #timers: Timer[] = [];
  #seq = 0;
  readonly #onSchedule = new Set<() => void>();

  /**
   * @param options - start time and loop guard
   * @throws `InvalidOptionsError` for an unknown key or a bad value
   */
  constructor(options: FakeClockOptions = {}) {
    assertKnownOptions("FakeClock", options, OPTION_KEYS);
    const now = options.now ?? 0;
    if (typeof now !== "number" || !Number.isFinite(now)) {
      throw new InvalidOptionsError("FakeClock", `now must be a finite number, got ${String(now)}.`);
    }
    this.#now = now;
    this.#maxJumps = checkCount("FakeClock", "maxJumps", options.maxJumps ?? 2_000);
  }

  /**
   * The current virtual time.
   * @returns milliseconds since the clock's epoch
   */
  now(): number {
    return this.#now;
  }

  /** How many sleeps and scheduled callbacks are pending (aborted, cancelled and fired ones are removed). Assert 0 after a run to catch leaked timers. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** When the next pending sleep is due, or `undefined` when none is pending. */
  get nextTimerAt(): number | undefined {
    return this.#timers[0]?.due;
  }

  /**
   * Resolves when virtual time reaches `now() + ms`; rejects with `signal.reason` as soon as `signal`
   * aborts, removing its timer. Negative and `NaN` delays count as 0; `Infinity` never fires.
   * @param ms - the delay in virtual milliseconds
   * @param signal - aborts the sleep
   * @returns a promise settled by `advance`/`runAll` or by the signal
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      let stop: (() => void) | undefined;
      const timer = this.#add(ms, () => {
        stop?.();
        resolve();
      });
      if (signal !== undefined) {
        // Through core's onAbort: no listener pile-up on a shared signal, none at all on an AbortLink's.
        stop = onAbort(signal, () => {
          this.#remove(timer);
          reject(abortReason(signal));
        });
      }
      this.#announce();
    });
  }

  /**
   * Calls `callback` when virtual time reaches `now() + ms`, unless the returned function is called
   * first. Counts as a pending timer exactly like a sleep: `pendingTimers`, `nextTimerAt`, `advance`,
   * `runAll` and `whenTimerPending` see it, and cancelling removes it. Negative and `NaN` delays
   * count as 0; `Infinity` never fires. A callback that throws makes the `advance`/`runAll` that
   * fired it reject with that error.
   * @param ms - the delay in virtual milliseconds
   * @param callback - called once by `advance`/`runAll` when the timer falls due
   * @returns a function that cancels the timer (a no-op once it fired or was cancelled)
   * @example
   * ```ts
   * const clock = new FakeClock();
   * const cancel = clock.schedule(100, () => console.log("due"));
   * await clock.advance(100); // logs "due"
   * cancel(); // too late: does nothing
   * ```
   */
  schedule(ms: number, callback: () => void): () => void {
    const timer = this.#add(ms, callback);
    this.#announce();
    return () => this.#remove(timer);
  }

  #add(ms: number, fire: () => void): Timer {
    const delay = typeof ms === "number" && ms > 0 ? ms : 0;
    const timer: Timer = { due: this.#now + delay, seq: this.#seq++, fire };
    this.#insert(timer);
    return timer;
  }

  #announce(): void {
    if (this.#onSchedule.size === 0) return;
    for (const listener of [...this.#onSchedule]) listener();
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way in time order (timers
   * scheduled meanwhile included) and letting promise work settle after each.
   * @param ms - virtual milliseconds to move forward (finite, ≥ 0)
   * @returns a promise resolving when time has moved and the woken code has settled
   * @throws `InvalidOptionsError` for a negative or non-finite `ms`
   */
  async advance(ms: number): Promise<void> {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
      throw new InvalidOptionsError(
        "FakeClock.advance",
        `ms must be a finite number ≥ 0, got ${String(ms)}.`,
      );
    }
    const target = this.#now + ms;
    await settle();
    for (let next = this.#timers[0]; next !== undefined && next.due <= target; next = this.#timers[0]) {
      this.#fire(next);
      await settle();
    }
    this.#now = Math.max(this.#now, target);
  }

  /**
   * Lets pending promise work settle, then repeatedly jumps to the next pending sleep, fires it and
   * lets the woken code settle, until no sleep is pending. Sleeps of `Infinity` are never fired.
   * @param options - `maxJumps` overriding the clock's loop guard
   * @returns how many timers were fired
   * @throws {@link FakeClockLoopError} when `maxJumps` timers were fired and sleeps are still pending
   */
  async runAll(options: RunAllOptions = {}): Promise<number> {
    assertKnownOptions("FakeClock.runAll", options, ["maxJumps"]);
    const maxJumps =
      options.maxJumps === undefined
        ? this.#maxJumps
        : checkCount("FakeClock.runAll", "maxJumps", options.maxJumps);
    let fired = 0;
    await settle();
    for (
      let next = this.#timers[0];
      next !== undefined && Number.isFinite(next.due);
      next = this.#timers[0]
    ) {
      if (fired >= maxJumps) throw new FakeClockLoopError(fired, this.#now, this.#timers.length);
      this.#fire(next);
      fired++;
      await settle();
    }
    return fired;
  }

  /**
   * Lets pending promise work settle without moving time.
   * @returns a promise resolving once the code that can progress without a timer has done so
   */
  async settle(): Promise<void> {
    await settle();
  }

  /**
   * Resolves as soon as at least one finite sleep is pending (at once if one already is).
   * Useful to drive a run whose sleeps start after real I/O.
   * @param signal - stops waiting; the promise then rejects with `signal.reason`
   * @returns a promise resolving when a sleep is pending
   */
  whenTimerPending(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#timers.some((t) => Number.isFinite(t.due))) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.#onSchedule.delete(check);
        signal?.removeEventListener("abort", onAbort);
      };
      const check = (): void => {
        if (!this.#timers.some((t) => Number.isFinite(t.due))) return;
        done();
        resolve();
      };
      const onAbort = (): void => {
        done();
        reject(abortReason(signal as AbortSignal));
      };
      this.#onSchedule.add(check);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #fire(timer: Timer): void {
    this.#remove(timer);
    this.#now = Math.max(this.#now, timer.due);
    timer.fire();
  }

  #insert(timer: Timer): void {
    const timers = this.#timers;
    let lo = 0;
    let hi = timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((timers[mid] as Timer).due <= timer.due) lo = mid + 1;
      else hi = mid;
    }
    timers.splice(lo, 0, timer);
  }

  #remove(timer: Timer): void {
    const timers = this.#timers;
    // Most timers cancelled are the most recent ones: search from the end.
    const index = timers.lastIndexOf(timer);
    if (index >= 0) timers.splice(index, 1);
  }
}
