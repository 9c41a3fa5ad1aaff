/**
 * Every code block in every README is a sample file that the tests compile and run: it must equal,
 * once trimmed, a whole file under `packages/<pkg>/test/examples/` or `tests/readme/`, or the part of
 * one between `// #region <name>` and `// #endregion`, and a test next to that file must name it
 * (and the region). Shell and text blocks are exempt; an unlabeled fence must be labeled.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".git", ".turbo", ".site", ".artifacts", ".generated"]);
const CODE = new Set(["ts", "typescript", "tsx", "mts", "cts", "js", "javascript", "jsx", "mjs", "cjs"]);
const FENCE = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/;
const REGION = /^\/\/ #region (\S+)\n([\s\S]*?)^\/\/ #endregion/gm;

/** Files under `dir` (relative to the repository) whose name passes `keep`, skipping build output. */
function walk(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

const read = (path: string): string => readFileSync(join(root, path), "utf8");

interface Block {
  readonly readme: string;
  readonly line: number;
  readonly language: string;
  readonly text: string;
}

/** The fenced blocks of a markdown file, with the line of their opening fence. */
function blocks(readme: string): Block[] {
  const found: Block[] = [];
  let open: { marker: string; line: number; language: string; body: string[] } | undefined;
  read(readme)
    .split("\n")
    .forEach((line, index) => {
      const fence = FENCE.exec(line);
      if (open === undefined) {
        if (fence !== null)
          open = { marker: fence[1] as string, line: index + 1, language: fence[2] ?? "", body: [] };
      } else if (fence !== null && fence[1]?.startsWith(open.marker) && fence[2] === "") {
        found.push({ readme, line: open.line, language: open.language, text: open.body.join("\n").trim() });
        open = undefined;
      } else {
        open.body.push(line);
      }
    });
  return found;
}

interface Sample {
  readonly file: string;
  readonly region: string | undefined;
  readonly text: string;
}

/** Each sample file as a whole, and each of its regions. */
function samples(): Sample[] {
  const isSource = (name: string): boolean => /\.tsx?$/.test(name) && !name.endsWith(".test.ts");
  const files = [
    ...readdirSync(join(root, "packages")).flatMap((pkg) =>
      walk(join("packages", pkg, "test/examples"), isSource),
    ),
    ...walk("tests/readme", isSource),
  ];
  return files.flatMap((file) => {
    const text = read(file);
    const regions = [...text.matchAll(REGION)].map((m) => ({
      file,
      region: m[1],
      text: (m[2] ?? "").trim(),
    }));
    return [{ file, region: undefined, text: text.trim() }, ...regions];
  });
}

/** Whether a test file beside the sample (its package's `test/`, or `tests/`) names the file and region. */
function isTested(sample: Sample): boolean {
  const testDir = sample.file.startsWith("tests/") ? "tests" : sample.file.replace(/\/test\/.*/, "/test");
  const stem = basename(sample.file).replace(/\.tsx?$/, "");
  // Imported (and so compiled and run), not only read as text: an import path ends in `.js`.
  const namesFile = new RegExp(`["'/]${stem}\\.js["']`);
  return walk(testDir, (name) => name.endsWith(".test.ts")).some((test) => {
    const text = read(test);
    return namesFile.test(text) && (sample.region === undefined || text.includes(`"${sample.region}"`));
  });
}

const readmes = walk(".", (name) => name === "README.md");
const all = readmes.flatMap(blocks);
const known = samples();

describe("README code blocks", () => {
  it("are found in the root, package and app READMEs", () => {
    for (const readme of ["README.md", "packages/core/README.md", "apps/demo/README.md"])
      expect(readmes).toContain(readme);
    expect(all.filter((b) => CODE.has(b.language)).length).toBeGreaterThan(30);
  });

  it("each have a language (text, sh, mermaid…), so that no code hides in an unlabeled fence", () => {
    const unlabeled = all.filter((b) => b.language === "").map((b) => `${b.readme}:${b.line}`);
    expect(unlabeled).toEqual([]);
  });

  it("are each a whole sample file or a region of one, which a test names", () => {
    const problems = all
      .filter((b) => CODE.has(b.language.toLowerCase()))
      .flatMap((b) => {
        const where = `${b.readme}:${b.line} (${b.text.split("\n")[0] ?? ""})`;
        const matches = known.filter((s) => s.text === b.text);
        if (matches.length === 0) return [`${where}: no sample file or region has exactly this code`];
        if (!matches.some(isTested)) {
          const names = matches.map((s) => s.file + (s.region ? ` #${s.region}` : ""));
          return [`${where}: no test names its sample (${names.join(", ")})`];
        }
        return [];
      });
    expect(problems).toEqual([]);
  });
});
