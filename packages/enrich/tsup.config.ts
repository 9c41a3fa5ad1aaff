import { defineConfig } from "tsup";
import { createTsupConfig } from "../../tsup.base.js";

export default defineConfig(
  createTsupConfig({ entry: { index: "src/index.ts", tokenizer: "src/entries/tokenizer.ts" } }),
);
