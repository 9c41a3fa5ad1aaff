/**
 * @module Measures the heuristic tokenizer against the exact o200k_base and cl100k_base counts on the
 * sample texts in `test/fixtures`, and prints the Markdown table used in the README.
 *
 * Run from the repository root: `pnpm exec tsx packages/enrich/scripts/measureHeuristic.ts`
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { heuristicTokenizer } from "../src/tokenizer.js";
import { defaultTokenizer, loadTokenizer } from "../src/entries/tokenizer.js";

const SAMPLES: ReadonlyArray<readonly [label: string, file: string]> = [
  ["English prose", "prose.txt"],
  ["TypeScript code", "code.txt"],
  ["JSON (pretty-printed)", "results.json"],
  ["Russian", "russian.txt"],
  ["Arabic", "arabic.txt"],
  ["Hindi", "hindi.txt"],
  ["Japanese", "japanese.txt"],
  ["Chinese", "chinese.txt"],
];

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const cl100k = await loadTokenizer("cl100k_base");
const pct = (estimate: number, exact: number): string =>
  `${estimate >= exact ? "+" : ""}${(((estimate - exact) / exact) * 100).toFixed(1)}%`;

console.log(
  "| sample | characters | o200k_base | cl100k_base | heuristic | heuristic vs o200k | `chars / 4` vs o200k |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [label, file] of SAMPLES) {
  const text = readFileSync(`${fixtures}${file}`, "utf8");
  const exact = defaultTokenizer.count(text);
  const estimate = heuristicTokenizer.count(text);
  const naive = Math.ceil(text.length / 4);
  console.log(
    `| ${label} | ${text.length} | ${exact} | ${cl100k.count(text)} | ${estimate} | ${pct(estimate, exact)} | ${pct(naive, exact)} |`,
  );
}

// Throughput on the English sample (machine-dependent; for orientation only).
const prose = readFileSync(`${fixtures}prose.txt`, "utf8");
for (const tokenizer of [heuristicTokenizer, defaultTokenizer]) {
  tokenizer.count(prose);
  const started = performance.now();
  for (let i = 0; i < 10_000; i++) tokenizer.count(prose);
  const perCall = (performance.now() - started) / 10_000;
  console.log(`\n${tokenizer.name}: ${(perCall * 1000).toFixed(1)} µs per ${prose.length}-character count`);
}
