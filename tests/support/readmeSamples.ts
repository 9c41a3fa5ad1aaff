/**
 * @module Reads a package's README and the sample files it shows (`test/examples/`), for the README tests
 * of every package.
 */
import { readFileSync } from "node:fs";

/** A package's README and a reader of the samples it shows. */
export interface ReadmeSamples {
  /** The package's README. */
  readonly readme: string;
  /**
   * What the README shows of `test/examples/<file>`: the whole file, or with `region`, the lines between
   * `// #region <region>` and the next `// #endregion`.
   */
  sample(file: string, region?: string): string;
}

/**
 * Binds the README reader to one package.
 * @param testDir - the `import.meta.url` of a file in the package's `test/` folder
 */
export function readmeSamples(testDir: string): ReadmeSamples {
  return {
    readme: readFileSync(new URL("../README.md", testDir), "utf8"),
    sample(file: string, region?: string): string {
      const text = readFileSync(new URL(`./examples/${file}`, testDir), "utf8");
      if (region === undefined) return text.trim();
      const start = text.indexOf(`// #region ${region}\n`);
      const end = text.indexOf("// #endregion", start);
      if (start < 0 || end < 0) throw new Error(`examples/${file} has no region "${region}"`);
      return text.slice(start + `// #region ${region}\n`.length, end).trim();
    },
  };
}
