/**
 * @module Reads the README and the sample files it shows (`test/examples/`), for the README tests.
 */
import { readFileSync } from "node:fs";

/** This package's README. */
export const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/**
 * What the README shows of `test/examples/<file>`: the whole file, or with `region`, the lines between
 * `// #region <region>` and the next `// #endregion`.
 */
export function sample(file: string, region?: string): string {
  const text = readFileSync(new URL(`./examples/${file}`, import.meta.url), "utf8");
  if (region === undefined) return text.trim();
  const start = text.indexOf(`// #region ${region}\n`);
  const end = text.indexOf("// #endregion", start);
  if (start < 0 || end < 0) throw new Error(`examples/${file} has no region "${region}"`);
  return text.slice(start + `// #region ${region}\n`.length, end).trim();
}
