/**
 * Exact OpenAI BPE token counts, in a separate entry so the vocabulary loads only when you import it.
 *
 * @module @stageflow/enrich/tokenizer
 */
export * from "@stageflow/enrich/tokenizer";
