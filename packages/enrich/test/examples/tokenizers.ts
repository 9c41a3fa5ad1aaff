import { contextEnrichment } from "@stageflow/enrich";
import { countTokens, defaultTokenizer, loadTokenizer } from "@stageflow/enrich/tokenizer";

contextEnrichment({ maxTokens: 128_000, tokenizer: defaultTokenizer }); // o200k_base: ready on import
const gpt4 = await loadTokenizer("cl100k_base"); // a Promise: loads cl100k_base now
contextEnrichment({ maxTokens: 8_000, tokenizer: gpt4 });
console.log(countTokens("hello world", gpt4)); // 2
