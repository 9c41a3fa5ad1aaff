import { contextEnrichment, countTokens, type Tokenizer } from "@stageflow/enrich";

// Any { name, count(text) } is a tokenizer: a provider SDK's, a WASM one, or a rule of thumb.
const words: Tokenizer = { name: "words", count: (text) => text.split(/\s+/).filter(Boolean).length };
contextEnrichment({ maxTokens: 8_000, tokenizer: words });
console.log(countTokens("how do refunds work?", words)); // 4; countTokens validates the tokenizer's answer
