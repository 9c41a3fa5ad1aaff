/**
 * @module Rewrites each example's `.out.txt` from a fresh run, for authors; review the diff before committing.
 */
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { listExamples } from "./lib/checkGuides.js";
import { examplesDir } from "./lib/paths.js";

const only = process.argv.slice(2);
const log = console.log;
for (const file of listExamples(examplesDir)) {
  const name = relative(examplesDir, file);
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  const lines: string[] = [];
  console.log = (...args: unknown[]) => void lines.push(format(...args));
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
  }
  writeFileSync(file.replace(/\.ts$/, ".out.txt"), `${lines.join("\n")}\n`);
  console.log(`${name}: ${lines.length} line(s)`);
}
