/**
 * @module Typed keys for run-scoped services that plugins provide and stages read with `ctx.get(key)`.
 */

/** A value bound to a key, as returned by `key.provide(value)` from a plugin's `provide` hook. */
export interface ProvidedValue<T = unknown> {
  /** The key. */
  readonly key: ContextKey<T>;
  /** The value stages will receive from `ctx.get(key)`. */
  readonly value: T;
}

/** A typed handle for a run-scoped value (a token budget, a tracker, a client). */
export interface ContextKey<T> {
  /** Unique identity of the key. */
  readonly id: symbol;
  /** Name shown in errors. */
  readonly name: string;
  /** Builds a fallback when no plugin provides the key; `undefined` means `ctx.get` throws instead. */
  readonly defaultValue: (() => T) | undefined;
  /**
   * Binds a value to this key, for a plugin's `provide` hook.
   * @param value - the value stages will read
   */
  provide(value: T): ProvidedValue<T>;
}

/** Options of {@link createContextKey}. */
export interface ContextKeyOptions<T> {
  /** Fallback factory used when no plugin provides the key. */
  readonly default?: () => T;
}

/**
 * Creates a typed context key.
 * @param name - a descriptive name, shown in errors
 * @param options - optional default factory
 * @returns the key
 * @example
 * ```ts
 * const DbKey = createContextKey<Db>("db");
 * const dbPlugin: Plugin = { name: "db", provide: () => [DbKey.provide(db)] };
 * // in a stage: const db = ctx.get(DbKey);
 * ```
 */
export function createContextKey<T>(name: string, options: ContextKeyOptions<T> = {}): ContextKey<T> {
  const key: ContextKey<T> = {
    id: Symbol(name),
    name,
    defaultValue: options.default,
    provide: (value: T) => Object.freeze({ key, value }),
  };
  return Object.freeze(key);
}
