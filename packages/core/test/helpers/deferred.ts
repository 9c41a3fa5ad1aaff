/**
 * @module Deferred promises and a microtask flush, for ordering tests without timers.
 */

/** A promise with its resolve and reject exposed. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
  /** True once resolve or reject was called. */
  readonly done: boolean;
}

/** Creates a {@link Deferred}. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  let done = false;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {
    promise,
    resolve(value: T) {
      done = true;
      resolve(value);
    },
    reject(error: unknown) {
      done = true;
      reject(error);
    },
    get done() {
      return done;
    },
  };
}

/**
 * Lets every queued microtask (and the promise chains they start) run. A macrotask boundary is
 * reached through `setImmediate`, which is not a timer: no wall-clock time is waited for.
 */
export async function flush(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Tracks whether a promise has settled yet, without ever leaving it unhandled. */
export function track<T>(promise: Promise<T>): { readonly settled: boolean; readonly promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return {
    promise,
    get settled() {
      return settled;
    },
  };
}
