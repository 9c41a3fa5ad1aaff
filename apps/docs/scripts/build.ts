/**
 * @module `pnpm docs:build`: checks the guides, regenerates reference pages, and runs typedoc with
 * warnings treated as errors. Exits non-zero on any problem.
 */
import { join } from "node:path";
import { checkGuides } from "./lib/checkGuides.js";
import { generate } from "./lib/generate.js";
import { runTypedoc } from "./lib/typedoc.js";
import { docsDir, examplesDir, guidesDir, siteDir } from "./lib/paths.js";

const seconds = (from: number): string => `${((performance.now() - from) / 1000).toFixed(1)}s`;
const started = performance.now();

const problems = checkGuides(guidesDir, examplesDir);
if (problems.length > 0) {
  console.error(`docs build: ${problems.length} problem(s) in the guides:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}

const generating = performance.now();
const report = await generate();
console.log(
  `docs build: generated ${report.snapshotFields} snapshot fields, ${report.events} event types, ` +
    `${report.pictures.length} DAG pictures in ${seconds(generating)}`,
);

const typedocStarted = performance.now();
const typedoc = await runTypedoc(join(docsDir, "typedoc.json"));
for (const link of typedoc.crossPackageLinks)
  console.log(`docs build: linked bare {@link ${link}} across packages`);
if (!typedoc.ok) {
  console.error(
    "docs build: typedoc failed (warnings are errors: document every export and fix every link).",
  );
  process.exit(1);
}
console.log(`docs build: typedoc ${seconds(typedocStarted)}; site in ${siteDir}; total ${seconds(started)}`);
