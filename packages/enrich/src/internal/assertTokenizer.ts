/**
 * @module Checks a tokenizer where it enters, with a hint when it is an un-awaited `loadTokenizer()`.
 * @internal
 */
import { InvalidOptionsError } from "@stageflow/core";
import type { Tokenizer } from "../tokenizer.js";

/**
 * Throws unless `tokenizer` has a `count` method; a promise gets a message that says to await it.
 * @param where - the function or option that received it, for the message
 * @param tokenizer - the value given as a tokenizer
 * @throws `InvalidOptionsError` when it is not a tokenizer
 */
export function assertTokenizer(where: string, tokenizer: unknown): asserts tokenizer is Tokenizer {
  if (typeof (tokenizer as Partial<Tokenizer> | null | undefined)?.count === "function") return;
  const then = (tokenizer as { then?: unknown } | null | undefined)?.then;
  throw new InvalidOptionsError(
    where,
    typeof then === "function"
      ? "tokenizer is a Promise, not a tokenizer: await it first " +
          '(loadTokenizer() is async: tokenizer: await loadTokenizer("cl100k_base")).'
      : "tokenizer must have a count(text) method.",
  );
}
