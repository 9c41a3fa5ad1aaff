import { readFileSync } from "node:fs";
import { InvalidOptionsError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { countTokens, heuristicTokenizer, type Tokenizer } from "@stageflow/enrich";
import {
  countTokens as countExact,
  defaultTokenizer,
  loadTokenizer,
  o200kTokenizer,
} from "@stageflow/enrich/tokenizer";

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("countTokens", () => {
  it("uses the given tokenizer", () => {
    const words: Tokenizer = { name: "words", count: (text) => text.split(/\s+/).filter(Boolean).length };
    expect(countTokens("one two  three", words)).toBe(3);
  });

  it("uses the heuristic tokenizer when none is given", () => {
    expect(countTokens("The quick brown fox jumps over the lazy dog.")).toBe(
      heuristicTokenizer.count("The quick brown fox jumps over the lazy dog."),
    );
  });

  it("rejects a non-string text and a tokenizer that returns a bad count", () => {
    expect(() => countTokens(42 as never)).toThrow(InvalidOptionsError);
    expect(() => countTokens("x", { name: "broken", count: () => -1 })).toThrow(
      /tokenizer "broken" returned -1/,
    );
    expect(() => countTokens("x", { name: "frac", count: () => 1.5 })).toThrow(InvalidOptionsError);
  });

  it("rejects what is not a tokenizer, and says to await an un-awaited loadTokenizer()", () => {
    expect(() => countTokens("x", {} as never)).toThrow(
      "countTokens: tokenizer must have a count(text) method.",
    );
    const pending = loadTokenizer("o200k_base");
    expect(() => countExact("x", pending as never)).toThrow(
      /^countTokens: tokenizer is a Promise, not a tokenizer: await it first/,
    );
    expect(() => countTokens("x", pending as never)).toThrow(InvalidOptionsError);
  });
});

describe("default BPE tokenizer (@stageflow/enrich/tokenizer)", () => {
  it("is o200k_base", () => {
    expect(defaultTokenizer.name).toBe("o200k_base");
    expect(o200kTokenizer).toBe(defaultTokenizer);
  });

  it.each([
    ["", 0],
    ["hello world", 2],
    ["Hello, world!", 4],
    ["The quick brown fox jumps over the lazy dog.", 10],
    ["tokenization", 2],
    ["こんにちは世界", 2],
  ])("counts %j as %i tokens", (text, tokens) => {
    expect(countExact(text)).toBe(tokens);
    expect(countTokens(text, defaultTokenizer)).toBe(tokens);
  });

  it("counts special-token spellings inside content as plain text instead of throwing", () => {
    expect(countExact("<|endoftext|>")).toBe(7);
  });

  it("loads cl100k_base on demand, with its own counts", async () => {
    const cl100k = await loadTokenizer("cl100k_base");
    expect(cl100k.name).toBe("cl100k_base");
    expect(cl100k.count("hello world")).toBe(2);
    expect(cl100k.count("こんにちは世界")).toBe(4);
    expect(await loadTokenizer("o200k_base")).toBe(defaultTokenizer);
    await expect(loadTokenizer("p50k_base" as never)).rejects.toThrow(/unknown encoding "p50k_base"/);
  });
});

describe("heuristicTokenizer", () => {
  // The README documents ±15% against o200k_base on these samples (scripts/measureHeuristic.ts).
  it.each([
    "prose.txt",
    "code.txt",
    "results.json",
    "russian.txt",
    "arabic.txt",
    "hindi.txt",
    "japanese.txt",
    "chinese.txt",
  ])("stays within its documented ±15%% of the exact count on %s", (name) => {
    const text = fixture(name);
    const exact = defaultTokenizer.count(text);
    const estimate = heuristicTokenizer.count(text);
    expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.15);
  });

  it("is far closer than characters ÷ 4 on CJK text", () => {
    const text = fixture("japanese.txt");
    const exact = defaultTokenizer.count(text);
    expect(Math.abs(heuristicTokenizer.count(text) - exact)).toBeLessThan(
      Math.abs(Math.ceil(text.length / 4) - exact) / 4,
    );
  });

  it("counts nothing for empty text and whole numbers for anything", () => {
    expect(heuristicTokenizer.count("")).toBe(0);
    for (const text of ["a", " ", "\n\n", "🎉🎉", "x".repeat(101), "1234567"]) {
      const n = heuristicTokenizer.count(text);
      expect(Number.isInteger(n) && n >= 0).toBe(true);
    }
  });
});
