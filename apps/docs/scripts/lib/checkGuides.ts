/**
 * @module The docs build's rule that no guide inlines code the test suite has not compiled and run.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Fence languages that are program code and therefore must come from `examples/`. */
const CODE_LANGUAGES = new Set([
  "ts",
  "typescript",
  "tsx",
  "mts",
  "cts",
  "js",
  "javascript",
  "jsx",
  "mjs",
  "cjs",
]);

/** One markdown page to check. */
export interface GuidePage {
  /** Path of the page, used in messages and to resolve includes. */
  readonly path: string;
  /** The markdown text. */
  readonly text: string;
}

/** What the checker needs to know about the file system. */
export interface GuideCheckEnv {
  /** Tells whether a file exists. */
  readonly exists: (path: string) => boolean;
  /** Every runnable example (they need a `.out.txt` file). */
  readonly examples: readonly string[];
  /** Every sample file that must appear in some guide; defaults to `examples`. */
  readonly samples?: readonly string[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const INCLUDE_CODE = /\{@includeCode\s+([^}#\s]+)(?:#[^}\s]+)?\s*\}/g;

/**
 * Lists every problem in the given pages: a fenced block of TypeScript or JavaScript (or an unlabeled
 * fence, which could hide either), an `{@includeCode}` of a missing file, an included example without
 * its expected-output file, and an example no page includes.
 * @param pages - the guides
 * @param env - file-system facts
 * @returns human-readable problems, empty when the pages are fine
 */
export function findGuideProblems(pages: readonly GuidePage[], env: GuideCheckEnv): string[] {
  const problems: string[] = [];
  const included = new Set<string>();
  const runnable = new Set(env.examples.map((e) => resolve(e)));
  for (const page of pages) {
    const lines = page.text.split("\n");
    let open: string | undefined;
    lines.forEach((line, index) => {
      const fence = FENCE.exec(line);
      if (fence === null) return;
      const marker = fence[2] as string;
      if (open !== undefined) {
        if (marker.startsWith(open) && line.trim() === marker) open = undefined;
        return;
      }
      open = marker;
      const language = (fence[3] ?? "").toLowerCase();
      if (language === "") {
        problems.push(
          `${page.path}:${index + 1}: unlabeled code fence; label it (text, bash, mermaid) or include code from examples/`,
        );
      } else if (CODE_LANGUAGES.has(language)) {
        problems.push(
          `${page.path}:${index + 1}: inline \`${language}\` code block; move it to apps/docs/examples/ and use {@includeCode ../examples/<file>.ts}`,
        );
      }
    });
    for (const match of page.text.matchAll(INCLUDE_CODE)) {
      const target = resolve(dirname(page.path), match[1] as string);
      if (!env.exists(target)) {
        problems.push(`${page.path}: {@includeCode ${match[1]}} points at a missing file`);
        continue;
      }
      included.add(target);
      if (runnable.has(target) && !env.exists(target.replace(/\.tsx?$/, ".out.txt"))) {
        problems.push(
          `${page.path}: example ${match[1]} has no expected-output file (${match[1]?.replace(/\.tsx?$/, ".out.txt")})`,
        );
      }
    }
  }
  for (const example of env.samples ?? env.examples) {
    if (!included.has(resolve(example))) problems.push(`${example}: example is not included by any guide`);
  }
  return problems;
}

function listFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Checks every guide under `guidesDir` against the examples under `examplesDir`.
 * @param guidesDir - the guides
 * @param examplesDir - the examples
 * @returns the problems, with paths relative to the current directory
 */
export function checkGuides(guidesDir: string, examplesDir: string): string[] {
  const pages = listFiles(guidesDir, /\.md$/).map((path) => ({
    path: relative(process.cwd(), path),
    text: readFileSync(path, "utf8"),
  }));
  const examples = listExamples(examplesDir).map((path) => relative(process.cwd(), path));
  const samples = listFiles(examplesDir, /\.ts$/).map((path) => relative(process.cwd(), path));
  return findGuideProblems(pages, { exists: existsSync, examples, samples });
}

/**
 * Every runnable example: `.ts` files under `examples/`, except shared modules in `examples/shared/` and
 * vitest specs (`*.spec.ts`, run by `test/exampleSpecs.test.ts`).
 * @param examplesDir - the examples directory
 * @returns absolute paths, sorted
 */
export function listExamples(examplesDir: string): string[] {
  return listFiles(examplesDir, /\.ts$/).filter(
    (path) => !path.startsWith(join(examplesDir, "shared")) && !path.endsWith(".spec.ts"),
  );
}
