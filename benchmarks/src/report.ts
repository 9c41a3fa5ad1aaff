/**
 * @module Renders a suite result as the Markdown of `RESULTS.md`.
 */
import { checkBudgets, ratioBetween, ratioToFloor } from "./budgets.js";
import { formatMB, formatMicros, formatRate, formatRatio } from "./stats.js";
import type { ShapeResult, SuiteResult } from "./suite.js";

function cell(shape: ShapeResult, system: SuiteResult["systems"][number]["id"]): string {
  const m = shape.measurements.find((x) => x.system === system);
  if (m === undefined) return "n/a";
  if (m.usPerStage === undefined) return m.skipped ?? "skipped";
  const ratio = ratioToFloor(shape, system);
  return `${formatMicros(m.usPerStage)} (${ratio === undefined ? "?" : formatRatio(ratio)})`;
}

function perRunCell(shape: ShapeResult, system: SuiteResult["systems"][number]["id"]): string {
  const m = shape.measurements.find((x) => x.system === system);
  if (m?.usPerRun === undefined) return m?.skipped ?? "n/a";
  const ratio = ratioToFloor(shape, system);
  return `${formatMicros(m.usPerRun)} µs/run, ${formatRate(1e6 / m.usPerRun)} runs/s (${ratio === undefined ? "?" : formatRatio(ratio)})`;
}

/** One line comparing core with the duties baseline on every shape where both ran. */
function dutiesLine(result: SuiteResult): string[] {
  const parts = result.shapes.flatMap((s) => {
    const r = ratioBetween(s, "core", "duties");
    return r === undefined ? [] : [`${s.label} ${formatRatio(r)}`];
  });
  if (parts.length === 0) return [];
  return [
    "Core over the floor + per-stage duties, same rounds (what core adds to the duties every run has to do): " +
      `${parts.join(", ")}.`,
    "",
  ];
}

/** The growth section: each system's cost per stage at both sizes and the paired ratio, per family. */
function growthSection(result: SuiteResult): string[] {
  const growth = result.growth ?? [];
  if (growth.length === 0) return [];
  const [small, large] = growth[0]!.sizes.map((n) => n.toLocaleString("en-US"));
  const ids = result.systems
    .map((s) => s.id)
    .filter((id) => growth.some((g) => g.systems.some((x) => x.system === id)));
  const label = (id: string): string => result.systems.find((s) => s.id === id)?.label ?? id;
  return [
    `## Growth of the cost per stage from ${small} to ${large} stages`,
    "",
    `Each system is timed at both sizes in the same rounds, back to back (order rotated); the growth is the median`,
    `over rounds of that round's ${large} / ${small} ratio. The table above times the two sizes minutes apart, so`,
    "a change in the machine's state between them reads there as growth or shrinkage; here both sides of every ratio",
    "see the same state. Cells: µs per stage at each size, then the growth.",
    "",
    `| family | ${ids.map(label).join(" | ")} |`,
    `|---|${ids.map(() => "---:").join("|")}|`,
    ...growth.map((g) => {
      const cells = ids.map((id) => {
        const x = g.systems.find((s) => s.system === id);
        return x === undefined
          ? "n/a"
          : `${formatMicros(x.smallUs)} → ${formatMicros(x.largeUs)} (${formatRatio(x.growth)})`;
      });
      return `| ${g.family} | ${cells.join(" | ")} |`;
    }),
    "",
  ];
}

/** How to read the figures; kept with the code that produces the tables. */
const NOTES = [
  "## How to read this",
  "",
  "- **Systems.** *Floor*: a hand-written Kahn scheduler (in-degree array, reverse adjacency, each stage an awaited async",
  "  function, outputs passed through an array). *Floor + per-stage duties*: the same scheduler doing, per stage, only",
  "  what a Stageflow run must: a context and an inputs view read by name, a frozen output object, one clock reading",
  "  for the stage's duration; what separates it from the floor is the cost of those duties on this machine, and what",
  "  separates core from it is core's own overhead. *Stageflow core*: `graph.run(snapshot)` with no sink and no interceptors.",
  "  *Fully equipped*: a fresh `RecordingEventSink` (@stageflow/testing) per run plus `RetryInterceptor` (@stageflow/retry,",
  "  3 attempts) and `TimeoutInterceptor` (60 s) on every stage, never triggered. *p-graph*: one shared runner, outputs in",
  "  a per-run array. *LangGraph*: a `StateGraph` with one node per stage, joins via `addEdge([deps], node)`, and a",
  "  merging (not copying) reducer, its cheapest correct set-up.",
  "- **Shapes.** Layered diamonds are `width × depth` layers (10×10, 30×30, 100×100); each stage depends on its three",
  "  neighbours (wrapping) in the layer above, so in-degree stays bounded and the cost per stage is comparable across N.",
  "- **Time.** Batches are timed in process CPU time (user + system, all threads, so GC helper threads count) because",
  "  this machine is shared: with the load averages above, wall time mostly measures other processes. Contention still",
  "  inflates CPU time (caches, SMT, a virtual CPU descheduled by its host), so absolute figures vary between runs",
  "  and small shapes are noisy; ratios measured in the same rounds are the meaningful part.",
  "- **Skips.** A system is skipped at a size when one run is estimated (from the smaller sizes, including the growth",
  "  of its cost per stage) or measured to take longer than the limit in the settings.",
  "- **Between batches.** A minor collection empties the young generation before each timed batch; there is no",
  "  forced full collection there, because one shrinks the young generation and the next batch pays for regrowing it",
  "  (with one, every figure here roughly doubled, the floor's most).",
  "- **Ratios.** Each round times every system back to back; a ratio is the median over rounds of that round's",
  "  ratio, so a burst of noise on the machine skews one round rather than the figure.",
  "- **A process of its own for LangGraph.** Once a LangGraph graph has run, @langchain/core's AsyncLocalStorage",
  "  keeps Node's promise hooks on, and every promise in the process costs more from then on: in one process, the",
  "  floor on the 10,000-stage chain measured 0.075 µs per stage before a single LangGraph run and 0.174 after.",
  "  So LangGraph is measured in a child process, interleaved with a floor measured in that child, and its ratios",
  "  are to that floor; the other systems are measured in the main process, which never runs LangGraph.",
  "",
  "What profiling found and what changed because of it, with the commands to reproduce: [FINDINGS.md](FINDINGS.md).",
  "",
];

/** The Markdown report. */
export function renderReport(result: SuiteResult, chartFile: string): string {
  const o = result.options;
  const head = `| shape | stages | ${result.systems.map((s) => s.label).join(" | ")} |`;
  const rule = `|---|---:|${result.systems.map(() => "---:").join("|")}|`;
  const rows = result.shapes.map(
    (s) =>
      `| ${s.label} | ${s.stages.toLocaleString("en-US")} | ${result.systems.map((x) => cell(s, x.id)).join(" | ")} |`,
  );
  const perRun = result.perRun;
  const budgets = checkBudgets(result);
  const lines = [
    "# Benchmark results",
    "",
    "Regenerated by `pnpm bench` (from the repository root); do not edit by hand.",
    "",
    `- Date: ${result.date}`,
    `- Machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.platform}`,
    `- Node: ${result.machine.node}`,
    `- Load average (1/5/15 min) before → after: ${result.loadAverage.before.map((v) => v.toFixed(1)).join("/")} → ${result.loadAverage.after.map((v) => v.toFixed(1)).join("/")}`,
    `- Stageflow measured from: \`${result.coreEntry.replace(/^.*\/packages\//, "packages/")}\` (the built package users install)`,
    `- Settings: ${o.rounds} interleaved rounds per shape (order rotated each round), batches of ≈${o.batchMs} ms, medians; timed in process **${o.timer} time**; per-run benchmark: ${o.perRunRuns.toLocaleString("en-US")} runs per batch`,
    "",
    ...NOTES,
    "## µs per stage (ratio to the hand-written Kahn scheduler)",
    "",
    "Every stage is an async no-op that reads its upstream outputs and returns one more than the largest.",
    "The last stage's value is checked for every system before timing.",
    "",
    head,
    rule,
    ...rows,
    "",
    ...dutiesLine(result),
    ...growthSection(result),
    `## Per-run overhead: ${perRun.label} (a → b, c, d → e), ${o.perRunRuns.toLocaleString("en-US")} sequential runs per batch`,
    "",
    "| system | per run |",
    "|---|---:|",
    ...result.systems.map((s) => `| ${s.label} | ${perRunCell(perRun, s.id)} |`),
    "",
    `Stageflow's figures include creating a \`ContextSnapshot\` per run, as user code does: ${formatMicros(result.snapshotCreateUs)} µs of CPU each (validated and deep-frozen input), measured separately.`,
    "",
    "## Peak heap of one 10,000-stage run",
    "",
    "Heap in use sampled from inside the stages (every 50th stage) and at the end, minus the heap after a forced GC just before the run (graph already built).",
    "",
    "Retained = heap after a forced GC with the result still referenced, minus the base; it can be slightly negative when",
    "garbage from before the run is collected too.",
    "",
    "| shape | system | peak during run | retained by the result |",
    "|---|---|---:|---:|",
    ...result.heap.flatMap((h) =>
      h.results.map(
        (r) =>
          `| ${h.label} | ${result.systems.find((s) => s.id === r.system)?.label ?? r.system} | ${formatMB(r.peakDeltaBytes)} | ${formatMB(r.retainedBytes)} |`,
      ),
    ),
    "",
    "## Soak",
    "",
    result.soak === undefined
      ? "Not run."
      : `${result.soak.runs.toLocaleString("en-US")} sequential runs of the 5-stage pipeline, fully equipped, in ${(result.soak.elapsedMs / 1000).toFixed(1)} s. ` +
        `Heap after forced GC: ${result.soak.trace.map(([k, b]) => `${k.toLocaleString("en-US")} runs ${formatMB(b)}`).join(" · ")}. ` +
        `End vs first 1,000: ${formatRatio(result.soak.ratio)} (${result.soak.withinBudget ? "within" : "**outside**"} the 10% budget).`,
    "",
    "## Budgets",
    "",
    "| budget | verdict | figures |",
    "|---|---|---|",
    ...budgets.map((b) => `| ${b.budget} | ${b.pass ? "met" : "**missed**"} | ${b.detail} |`),
    "",
    `![µs per stage vs N](${chartFile})`,
    "",
  ];
  return lines.join("\n");
}
