/**
 * @module Typed keys for run-scoped services that plugins provide and stages read with `ctx.get(key)`.
 */
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { assertKnownOptions } from "../options.js";
import type { StageKind } from "../stageKind.js";

/** A value bound to a key, as returned by `key.provide(value)` from a plugin's `provide` hook. */
export interface ProvidedValue<T = unknown> {
  /** The key. */
  readonly key: ContextKey<T>;
  /** The value stages will receive from `ctx.get(key)`. */
  readonly value: T;
}

/** The stage attempt that reads a key, as given to the key's `forStage`. */
export interface StageAttempt {
  /** The stage's name. */
  readonly name: string;
  /** The stage's kind. */
  readonly kind: StageKind;
  /** The attempt number, 1-based. */
  readonly attempt: number;
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
  /**
   * Present when the key gives each stage attempt its own view of the run's value (see
   * {@link ContextKeyOptions.forStage}); `ctx.get(key)` calls it once per attempt.
   * @param value - the run's value (provided or default)
   * @param stage - the attempt reading it
   */
  forStage?(this: void, value: T, stage: StageAttempt): T;
}

/** Options of {@link createContextKey}. */
export interface ContextKeyOptions<T> {
  /** Fallback factory used when no plugin provides the key. */
  readonly default?: (() => T) | undefined;
  /**
   * Makes the view of the run's value that one stage attempt receives from `ctx.get(key)`: for a
   * service that should know who calls it (to name the stage on its events, or to account per
   * attempt). Called on an attempt's first `ctx.get(key)`; the attempt's later reads (and those of
   * interceptors wrapping that same attempt) return the same view. Without it, every stage of the run
   * receives the value itself.
   */
  readonly forStage?: ((value: T, stage: StageAttempt) => T) | undefined;
}

const KEY_OPTION_KEYS = ["default", "forStage"] as const;

/**
 * Creates a typed context key.
 * @param name - a descriptive name, shown in errors
 * @param options - optional default factory and per-stage view
 * @returns the key
 * @throws `InvalidOptionsError` for an unknown option (naming the closest), or when `default` or
 *   `forStage` is given but is not a function
 * @example
 * ```ts
 * const DbKey = createContextKey<Db>("db");
 * const dbPlugin: Plugin = { name: "db", provide: () => [DbKey.provide(db)] };
 * // in a stage: const db = ctx.get(DbKey);
 *
 * // Each stage attempt gets a client that tags its queries with the stage:
 * const TracedDbKey = createContextKey<Db>("db", { forStage: (db, stage) => db.tagged(stage.name) });
 * ```
 */
export function createContextKey<T>(name: string, options: ContextKeyOptions<T> = {}): ContextKey<T> {
  assertKnownOptions(`createContextKey("${name}")`, options, KEY_OPTION_KEYS);
  for (const [option, shape] of [
    ["default", "() => value"],
    ["forStage", "(value, stage) => view"],
  ] as const) {
    const given: unknown = options[option];
    if (given !== undefined && typeof given !== "function") {
      throw new InvalidOptionsError(`createContextKey("${name}")`, `${option} must be a function ${shape}.`);
    }
  }
  const forStage = options.forStage;
  const key: ContextKey<T> = {
    id: Symbol(name),
    name,
    defaultValue: options.default,
    provide: (value: T) => Object.freeze({ key, value }),
    ...(forStage === undefined ? {} : { forStage }),
  };
  return Object.freeze(key);
}
