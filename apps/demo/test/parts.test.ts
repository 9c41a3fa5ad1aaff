import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.js";
import { renderDagSvg } from "../src/dagSvg.js";
import { ProgressSink } from "../src/progress.js";
import { deriveSeed, seededRandom } from "../src/random.js";
import { formatMs, formatTable, percentile } from "../src/stats.js";

const event = (type: string, stage?: string, data: Record<string, unknown> = {}) => ({
  type,
  timestamp: 1000,
  runId: "r",
  pipeline: "p",
  ...(stage ? { stage, attempt: 1 } : {}),
  data,
});

describe("parseArgs", () => {
  it("reads runs, concurrency and seed, ignoring pnpm's -- separator", () => {
    expect(parseArgs(["--", "--runs", "500", "--concurrency", "50", "--seed", "9"])).toMatchObject({
      runs: 500,
      concurrency: 50,
      seed: 9,
    });
  });
  it("rejects unknown flags and bad numbers with a clear message", () => {
    expect(() => parseArgs(["--rnus", "5"])).toThrow(/unknown option "--rnus"/);
    expect(() => parseArgs(["--runs", "0"])).toThrow(/--runs must be a whole number/);
    expect(() => parseArgs(["--runs"])).toThrow(/needs a value/);
  });
});

describe("stats", () => {
  it("computes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBe(0);
  });
  it("aligns table columns and formats durations", () => {
    expect(formatTable(["a", "bb"], [["xyz", "1"]]).split("\n")).toEqual(["a    bb", "───  ──", "xyz  1"]);
    expect(formatMs(850)).toBe("850 ms");
    expect(formatMs(1250)).toBe("1.25 s");
  });
});

describe("seededRandom", () => {
  it("repeats its sequence for a seed and differs between purposes", () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(deriveSeed(5, "model")).not.toBe(deriveSeed(5, "memory"));
  });
});

describe("renderDagSvg", () => {
  it("draws one box per stage and one edge per dependency, coloured by status", () => {
    const svg = renderDagSvg([
      { name: "a", kind: "guard", dependsOn: [], status: "ok" },
      { name: "b<x>", kind: "enrich", dependsOn: ["a"], status: "fail" },
      { name: "c", kind: "transform", dependsOn: ["a", "b<x>"] },
    ]);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg.match(/marker-end=/g)).toHaveLength(3);
    expect(svg).toContain("b&lt;x&gt;");
    expect(svg).toContain("#f8d0d0");
  });
});

describe("ProgressSink", () => {
  it("prints plain lines when the output is not a terminal", () => {
    const lines: string[] = [];
    const sink = new ProgressSink({ write: (t) => void lines.push(t), isTTY: false }, ["llm"]);
    sink.emit(event("pipeline.started"));
    sink.emit(event("stage.started", "llm"));
    sink.emit(event("stage.retry_scheduled", "llm", { delayMs: 200, error: { message: "rate limited" } }));
    sink.emit(event("stage.completed", "llm", { durationMs: 12 }));
    expect(lines.join("")).toBe(
      "[    0 ms] pipeline.started\n[    0 ms] llm running\n[    0 ms] llm retrying (retry in 200 ms: rate limited)\n[    0 ms] llm completed (12 ms)\n",
    );
    expect(lines.join("")).not.toContain("\x1b[");
  });
  it("redraws a board in place on a terminal", () => {
    const writes: string[] = [];
    const sink = new ProgressSink({ write: (t) => void writes.push(t), isTTY: true }, ["a", "b"]);
    sink.emit(event("stage.started", "a"));
    sink.emit(event("stage.completed", "a", { durationMs: 3 }));
    expect(writes[1]?.startsWith("\u001b[2A")).toBe(true);
    expect(writes[1]).toContain("✔ a");
    expect(writes[1]).toContain("· b");
  });
});
