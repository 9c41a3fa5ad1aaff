/**
 * @module `@stageflow/enrich/tokenizer`: exact OpenAI BPE token counts (o200k_base, cl100k_base) from `gpt-tokenizer`.
 */
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens as countWith, type Tokenizer } from "../tokenizer.js";
import { InvalidOptionsError } from "@stageflow/core";

/** The BPE encodings this entry ships; the vocabularies are bundled in `gpt-tokenizer`, nothing is downloaded. */
export type BpeEncoding = "o200k_base" | "cl100k_base";

/** A BPE count function as `gpt-tokenizer` exports it. */
type CountFn = (text: string, options: { disallowedSpecial: Set<string> }) => number;

// Text is counted as plain content: special-token spellings such as "<|endoftext|>" inside a document are
// ordinary characters, so counting never throws on user content.
const PLAIN = { disallowedSpecial: new Set<string>() };

function bpeTokenizer(name: BpeEncoding, count: CountFn): Tokenizer {
  return Object.freeze({ name, count: (text: string): number => count(text, PLAIN) });
}

/**
 * The exact tokenizer of current OpenAI models (GPT-4o, GPT-4.1, GPT-5, o-series): BPE with the
 * `o200k_base` vocabulary. Loading this entry loads that vocabulary once (a few hundred ms, ~2 MB);
 * code that only imports `@stageflow/enrich` never pays for it.
 * @example
 * ```ts
 * import { defaultTokenizer } from "@stageflow/enrich/tokenizer";
 * contextEnrichment({ maxTokens: 128_000, tokenizer: defaultTokenizer });
 * ```
 */
export const defaultTokenizer: Tokenizer = bpeTokenizer("o200k_base", countO200k);

/** The same tokenizer as {@link defaultTokenizer}, by its encoding's name. */
export const o200kTokenizer: Tokenizer = defaultTokenizer;

/**
 * Loads a BPE tokenizer by encoding. `cl100k_base` (GPT-4, GPT-3.5-turbo, text-embedding-3) is loaded
 * only when asked for, so users of `o200k_base` do not load two vocabularies.
 * @param encoding - `"o200k_base"` or `"cl100k_base"`
 * @returns the tokenizer
 * @throws `InvalidOptionsError` for another encoding name
 * @example
 * ```ts
 * const gpt4 = await loadTokenizer("cl100k_base");
 * countTokens("hello world", gpt4); // 2
 * ```
 */
export async function loadTokenizer(encoding: BpeEncoding): Promise<Tokenizer> {
  if (encoding === "o200k_base") return defaultTokenizer;
  if (encoding === "cl100k_base") {
    const cl100k = await import("gpt-tokenizer/encoding/cl100k_base");
    return bpeTokenizer("cl100k_base", cl100k.countTokens);
  }
  throw new InvalidOptionsError(
    "loadTokenizer",
    `unknown encoding ${JSON.stringify(encoding)}; use "o200k_base" or "cl100k_base".`,
  );
}

/**
 * Counts tokens exactly with {@link defaultTokenizer} (o200k_base) unless another tokenizer is given.
 * @param text - the text
 * @param tokenizer - the tokenizer @defaultValue {@link defaultTokenizer}
 * @returns the token count
 * @throws `InvalidOptionsError` when `text` is not a string
 */
export function countTokens(text: string, tokenizer: Tokenizer = defaultTokenizer): number {
  return countWith(text, tokenizer);
}

export type { Tokenizer } from "../tokenizer.js";
