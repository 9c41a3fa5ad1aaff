import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sibling packages' sources, so no build is needed between edits.
    alias: [
      {
        find: /^@stageflow\/([a-z-]+)\/([a-z-]+)$/,
        replacement: `${root}packages/$1/src/entries/$2.ts`,
      },
      { find: /^@stageflow\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
    ],
  },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "benchmarks/test/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    typecheck: {
      enabled: true,
      include: ["packages/*/test/**/*.test-d.ts"],
      // Only the type tests: the whole repository is typechecked once by `pnpm run typecheck`.
      tsconfig: "./tsconfig.typecheck.json",
    },
    testTimeout: 20_000,
    pool: "forks",
  },
});
