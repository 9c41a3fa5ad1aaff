/**
 * @module The one tsup configuration every package builds with: ESM + CJS + `.d.ts`, no bundled deps.
 */
import type { Options } from "tsup";

/** Options a package may add on top of the shared build. */
export interface PackageBuildOptions {
  /** Entry points relative to the package root; defaults to `src/index.ts`. */
  readonly entry?: Record<string, string>;
  /** Dependencies that must stay external beyond those in `package.json`. */
  readonly external?: string[];
}

/**
 * Creates the tsup configuration shared by every `@stageflow/*` package.
 * @param options - entry points and extra externals for one package
 * @returns a tsup `Options` object
 */
export function createTsupConfig(options: PackageBuildOptions = {}): Options {
  return {
    entry: options.entry ?? { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    splitting: false,
    treeshake: true,
    external: options.external ?? [],
    outExtension: ({ format }) => ({ js: format === "cjs" ? ".cjs" : ".js" }),
  };
}
