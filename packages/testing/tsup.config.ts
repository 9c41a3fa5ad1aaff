import { defineConfig } from "tsup";
import { createTsupConfig } from "../../tsup.base.js";

export default defineConfig(
  // The ./vitest entry imports the root entry by name, so both share one copy of each class.
  createTsupConfig({
    entry: { index: "src/index.ts", vitest: "src/entries/vitest.ts" },
    external: ["@stageflow/testing"],
  }),
);
