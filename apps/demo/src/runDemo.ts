/**
 * @module Runs the demo once (live progress, summary, pictures, event log) or as a burst (throughput
 * and latency percentiles).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CallbackEventSink,
  CompositeEventSink,
  ContextSnapshot,
  systemClock,
  type Clock,
  type PipelineResult,
} from "@stageflow/core";
import { createChatPipeline, type ChatPipeline } from "./chatPipeline.js";
import { renderDagHtml, renderDagSvg } from "./dagSvg.js";
import { JsonlEventSink } from "./jsonlSink.js";
import { LocalModel } from "./model.js";
import { ProgressSink, type ProgressOutput } from "./progress.js";
import { deriveSeed } from "./random.js";
import { formatMs, formatTable, percentile } from "./stats.js";

/** What a demo invocation needs. */
export interface DemoOptions {
  readonly seed: number;
  readonly outDir: string;
  readonly question: string;
  readonly out: ProgressOutput;
  /** The clock every run uses; tests pass a FakeClock. @defaultValue systemClock */
  readonly clock?: Clock;
}

/** What a single run reports. */
export interface SingleRunReport {
  readonly result: PipelineResult;
  readonly summary: string;
  readonly mermaid: string;
  readonly files: {
    readonly events: string;
    readonly svg: string;
    readonly html: string;
    readonly mermaid: string;
  };
}

/** What a burst reports. */
export interface BurstReport {
  readonly runs: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly throughputPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly sheds: number;
  readonly breakerTrips: number;
  readonly retries: number;
  readonly text: string;
  readonly eventsFile: string;
}

/** Builds the pipeline over the seeded stand-ins. */
export function createDemoPipeline(seed: number): ChatPipeline {
  return createChatPipeline({
    model: new LocalModel({ seed: deriveSeed(seed, "model") }),
    profileFailureRate: 0.1,
    memoryRateLimitRate: 0.3,
    seed: deriveSeed(seed, "services"),
  });
}

/** The per-stage table of a run: status, attempts, duration. */
export function summarise(result: PipelineResult): string {
  const rows = Object.entries(result.stages).map(([name, r]) => [
    name,
    r.status,
    String(r.attempts),
    formatMs(r.durationMs),
    r.error?.message ?? r.reason ?? "",
  ]);
  return formatTable(["stage", "status", "attempts", "duration", "detail"], rows);
}

/**
 * One run with live progress, then the summary table, the DAG (Mermaid text, SVG and HTML) and the
 * path of the JSONL event log.
 */
export async function runSingle(options: DemoOptions): Promise<SingleRunReport> {
  const clock = options.clock ?? systemClock;
  const chat = createDemoPipeline(options.seed);
  mkdirSync(options.outDir, { recursive: true });
  const log = new JsonlEventSink(join(options.outDir, "events.jsonl"));
  const progress = new ProgressSink(options.out, chat.graph.stageNames);
  const snapshot = ContextSnapshot.create({
    inputText: options.question,
    runId: { userId: "user-ada", sessionId: "demo-session" },
  });
  const result = await chat.graph.run(snapshot, {
    eventSink: new CompositeEventSink([progress, log]),
    plugins: chat.plugins,
    clock,
  });
  await log.close();
  const summary = summarise(result);
  const mermaid = chat.builder.toMermaid();
  const drawn = chat.graph.stages.map((s) => ({
    name: s.name,
    kind: s.kind,
    dependsOn: s.dependsOn,
    status: result.stages[s.name]?.status ?? "pending",
  }));
  const svg = renderDagSvg(drawn);
  const files = {
    events: log.path,
    svg: join(options.outDir, "pipeline.svg"),
    html: join(options.outDir, "pipeline.html"),
    mermaid: join(options.outDir, "pipeline.mmd"),
  };
  writeFileSync(files.svg, svg);
  writeFileSync(files.mermaid, mermaid);
  writeFileSync(files.html, renderDagHtml(`support_chat run ${result.runId}`, svg, mermaid, summary));
  const answer = (result.output("output_guard")?.data as { answer?: string } | undefined)?.answer;
  options.out.write(
    [
      "",
      `run ${result.runId}: ${result.status} in ${formatMs(result.durationMs)}`,
      `answer: ${answer ?? "(none)"}`,
      "",
      summary,
      "",
      mermaid,
      "",
      `event log: ${files.events}`,
      `picture:   ${files.svg} and ${files.html}`,
      "",
    ].join("\n"),
  );
  return { result, summary, mermaid, files };
}

/** Many runs, `concurrency` at a time, sharing one pipeline (so one backpressure monitor and breaker). */
export async function runBurst(
  options: DemoOptions & { readonly runs: number; readonly concurrency: number },
): Promise<BurstReport> {
  const clock = options.clock ?? systemClock;
  const chat = createDemoPipeline(options.seed);
  mkdirSync(options.outDir, { recursive: true });
  const log = new JsonlEventSink(join(options.outDir, "burst-events.jsonl"));
  const counts = { sheds: 0, trips: 0, retries: 0 };
  const counter = new CallbackEventSink((e) => {
    if (e.type === "stage.shed") counts.sheds++;
    else if (e.type === "circuit.opened") counts.trips++;
    else if (e.type === "stage.retry_scheduled") counts.retries++;
  });
  const sink = new CompositeEventSink([counter, log]);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const questions = [
    "How long do refunds take for annual plans?",
    "When am I billed?",
    "Thanks, that is all!",
    "How do I reset my password?",
  ];
  let next = 0;
  const started = clock.now();
  const worker = async (): Promise<void> => {
    while (next < options.runs) {
      const i = next++;
      const snapshot = ContextSnapshot.create({
        inputText: questions[i % questions.length] as string,
        runId: { userId: i % 2 ? "user-ada" : "user-grace" },
      });
      const t0 = clock.now();
      const result = await chat.graph.run(snapshot, { eventSink: sink, plugins: chat.plugins, clock });
      latencies.push(clock.now() - t0);
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      if ((i + 1) % Math.max(1, Math.floor(options.runs / 10)) === 0)
        options.out.write(`  ${i + 1}/${options.runs} runs done\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.runs) }, worker));
  const elapsed = Math.max(1, clock.now() - started);
  await log.close();
  const report = {
    runs: options.runs,
    statuses,
    throughputPerSecond: (options.runs * 1000) / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    sheds: counts.sheds,
    breakerTrips: counts.trips,
    retries: counts.retries,
    eventsFile: log.path,
  };
  const text = formatTable(
    ["runs", "statuses", "throughput", "p50", "p95", "p99", "retries", "sheds", "breaker trips"],
    [
      [
        String(report.runs),
        Object.entries(statuses)
          .map(([k, v]) => `${k} ${v}`)
          .join(", "),
        `${report.throughputPerSecond.toFixed(1)} runs/s`,
        formatMs(report.p50Ms),
        formatMs(report.p95Ms),
        formatMs(report.p99Ms),
        String(report.retries),
        String(report.sheds),
        String(report.breakerTrips),
      ],
    ],
  );
  options.out.write(`\n${text}\n\nevent log: ${log.path}\n`);
  return { ...report, text };
}
