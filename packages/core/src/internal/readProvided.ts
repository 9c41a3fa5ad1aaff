/**
 * @module Reads what a plugin's `provide` hook returned into a run's values, rejecting anything that
 * is not a list of `key.provide(value)` results with an error that says what `provide` must return.
 * @internal
 */
import { StageflowError } from "../errors/stageflowError.js";
import type { Plugin } from "../plugin.js";
import { kindOf, messageOf, readSafely } from "./inspect.js";

const CONTRACT =
  "provide must return an array (or another iterable) of key.provide(value) results, such as " +
  "[MyKey.provide(value)], or undefined for none";

function invalid(plugin: Plugin, problem: string, cause?: unknown): StageflowError {
  return new StageflowError(
    "PLUGIN_ERROR",
    `Plugin "${plugin.name}": ${problem}`,
    cause === undefined ? undefined : { cause },
  );
}

/** The key's id when `item` is a `key.provide(value)` result, else `undefined`. Never throws. */
function keyIdOf(item: unknown): symbol | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const key = readSafely(item, "key");
  if (typeof key !== "object" || key === null) return undefined;
  const id = readSafely(key, "id");
  return typeof id === "symbol" ? id : undefined;
}

/** Why a non-iterable answer is wrong, with the likely fix. */
function describeNonIterable(provided: unknown): string {
  const then = typeof provided === "object" && provided !== null ? readSafely(provided, "then") : undefined;
  if (typeof then === "function") {
    return (
      `${CONTRACT}; it returned a promise, but provide cannot be async. Open connections and load ` +
      "services in onRunStart, which core awaits, and return them from provide."
    );
  }
  if (keyIdOf(provided) !== undefined) {
    return `${CONTRACT}; it returned a single key.provide(value) result: wrap it in an array.`;
  }
  return `${CONTRACT}; it returned ${kindOf(provided)}.`;
}

/**
 * Adds the values one plugin provided to `values`.
 * @param plugin - the plugin, named in errors
 * @param provided - what its `provide` hook returned
 * @param values - the run's values, by key id
 * @throws `StageflowError` with code `PLUGIN_ERROR` naming the plugin when `provided` is neither
 * `undefined` nor an iterable of `key.provide(value)` results, or when iterating it throws
 */
export function readProvided(plugin: Plugin, provided: unknown, values: Map<symbol, unknown>): void {
  if (provided === undefined) return;
  const iterator =
    typeof provided === "object" && provided !== null ? readSafely(provided, Symbol.iterator) : undefined;
  if (typeof iterator !== "function") throw invalid(plugin, describeNonIterable(provided));
  let index = 0;
  let stray: { readonly item: unknown } | undefined;
  try {
    for (const item of provided as Iterable<unknown>) {
      const id = keyIdOf(item);
      if (id === undefined) {
        stray = { item };
        break;
      }
      values.set(id, readSafely(item as object, "value"));
      index++;
    }
  } catch (error) {
    throw invalid(plugin, `iterating what provide returned threw: ${messageOf(error)}`, error);
  }
  if (stray !== undefined) {
    throw invalid(
      plugin,
      `${CONTRACT}; item ${index} is ${kindOf(stray.item)}, not a key.provide(value) result ` +
        "(make it with a key from createContextKey).",
    );
  }
}
