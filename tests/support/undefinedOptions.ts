/**
 * @module Helpers of the packages' tests that every optional option accepts `undefined` as absent.
 */

/** Every optional key of `T`, each given as `undefined`; the compiler checks that none is left out. */
export type AllUndefined<T> = {
  readonly [K in keyof T as object extends Pick<T, K> ? K : never]-?: undefined;
};

/** All the keys at once, then each key on its own. */
export function variants<T extends object>(all: T): Array<[label: string, options: Partial<T>]> {
  const single = Object.keys(all).map((key): [string, Partial<T>] => [
    key,
    { [key]: undefined } as Partial<T>,
  ]);
  return [["every option", all], ...single];
}

/** A value that may be missing, as read from a request or a config file (typed `T | undefined`). */
export function maybe<T>(): T | undefined {
  return undefined;
}
