import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { runBurst, runSingle } from "../src/runDemo.js";

function capture(isTTY = false) {
  const chunks: string[] = [];
  return { out: { write: (t: string) => void chunks.push(t), isTTY }, text: () => chunks.join("") };
}

/** One single run of the demo driven to its end on a fresh virtual clock. */
async function single(seed: number, question: string) {
  const clock = new FakeClock({ now: 0 });
  const { out } = capture();
  const outDir = mkdtempSync(join(tmpdir(), "stageflow-demo-"));
  const pending = runSingle({ seed, outDir, question, out, clock });
  await clock.runAll();
  return pending;
}

describe("the demo, run in-process in virtual time", () => {
  it("answers the question with every stage completed and reports the run", async () => {
    const clock = new FakeClock({ now: Date.UTC(2026, 10, 1) });
    const outDir = mkdtempSync(join(tmpdir(), "stageflow-demo-"));
    const { out, text } = capture();
    const pending = runSingle({
      seed: 42,
      outDir,
      question: "How long do refunds take for annual plans?",
      out,
      clock,
    });
    await clock.runAll();
    const report = await pending;

    expect(report.result.status).toBe("completed");
    expect(Object.values(report.result.stages).map((s) => s.status)).toEqual(Array(8).fill("ok"));
    expect(report.summary).toMatch(/^stage\s+status\s+attempts\s+duration/);
    for (const name of [
      "input_guard",
      "router",
      "profile",
      "memory",
      "retrieval",
      "prompt",
      "llm",
      "output_guard",
    ]) {
      expect(report.summary).toContain(name);
    }
    const answer = (report.result.output("output_guard")?.data as { answer: string }).answer;
    expect(answer).toContain("Annual plans are refunded pro rata");
    expect(text()).toContain(`event log: ${report.files.events}`);
    expect(report.mermaid).toMatch(/^flowchart/);

    const events = readFileSync(report.files.events, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; stage?: string });
    expect(events[0]?.type).toBe("pipeline.started");
    expect(events.at(-1)?.type).toBe("pipeline.completed");
    const types = new Set(events.map((e) => e.type));
    for (const t of ["context.stale", "context.truncation", "context.near_limit", "stage.retry_scheduled"])
      expect(types).toContain(t);
    expect(readFileSync(report.files.svg, "utf8")).toContain("<svg");
    expect(readFileSync(report.files.html, "utf8")).toContain("flowchart");
    expect(clock.pendingTimers).toBe(0);
  });

  it("is deterministic for a seed: the same seed gives the same stage table", async () => {
    const tables: string[] = [];
    for (let i = 0; i < 2; i++) tables.push((await single(7, "When am I billed?")).summary);
    expect(tables[0]).toBe(tables[1]);
  });

  it("cancels at the input guard for an empty question, with nothing else run", async () => {
    const { result } = await single(1, "   ");
    expect(result.status).toBe("cancelled");
    expect(result.stages.input_guard?.status).toBe("cancel");
    expect(result.stages.llm?.attempts).toBe(0);
  });

  it("runs a burst and reports throughput, percentiles, retries, sheds and breaker trips", async () => {
    const clock = new FakeClock();
    const { out, text } = capture();
    const pending = runBurst({
      seed: 3,
      outDir: mkdtempSync(join(tmpdir(), "stageflow-demo-")),
      question: "",
      out,
      clock,
      runs: 40,
      concurrency: 8,
    });
    await clock.runAll();
    const report = await pending;
    expect(Object.values(report.statuses).reduce((a, b) => a + b, 0)).toBe(40);
    expect(report.p50Ms).toBeGreaterThan(0);
    expect(report.p50Ms).toBeLessThanOrEqual(report.p95Ms);
    expect(report.p95Ms).toBeLessThanOrEqual(report.p99Ms);
    expect(report.retries).toBeGreaterThan(0);
    expect(text()).toMatch(
      /runs\s+statuses\s+throughput\s+p50\s+p95\s+p99\s+retries\s+sheds\s+breaker trips/,
    );
  });
});
