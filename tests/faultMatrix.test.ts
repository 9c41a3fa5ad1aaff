/**
 * The fault matrix: every fault × failure mode × retry on/off × backpressure on/off, on the full
 * stack (builder, core, retry, tolerance, enrich), each cell checked against the same invariants.
 */
import { FluentPipelineBuilder } from "@stageflow/builder";
import {
  ContextSnapshot,
  StageKind,
  TimeoutInterceptor,
  defineStage,
  type Plugin,
  type Interceptor,
  type StageContext,
} from "@stageflow/core";
import { contextEnrichment } from "@stageflow/enrich";
import { RetryInterceptor } from "@stageflow/retry";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { FailureMode, backpressure, failureTolerance } from "@stageflow/tolerance";
import { describe, expect, it } from "vitest";
import { FAULTS, driveToEnd, type Fault } from "./faults.js";

const TERMINAL = new Set(["stage.completed", "stage.skipped", "stage.failed", "stage.cancelled"]);
const STAGES = ["source", "faulty", "sibling", "other", "child", "join", "tail"];
const DOWNSTREAM = ["child", "join", "tail"];

const sleeper = (name: string, ms: number, kind: StageKind = StageKind.TRANSFORM) =>
  defineStage({
    name,
    kind,
    execute: async (ctx: StageContext) => {
      await ctx.clock.sleep(ms, ctx.signal);
      return { from: name };
    },
  });

function buildGraph(fault: Fault) {
  const faulty = defineStage({
    name: "faulty",
    kind: StageKind.ENRICH,
    execute: async (ctx: StageContext) => {
      if (fault.stage) return fault.stage(ctx);
      await ctx.clock.sleep(20, ctx.signal);
      return { from: "faulty" };
    },
  });
  return new FluentPipelineBuilder("matrix", { interceptors: [new TimeoutInterceptor({ timeoutMs: 1_000 })] })
    .stage(sleeper("source", 10))
    .stage(faulty, { dependsOn: ["source"] })
    .stage(sleeper("sibling", 50), { dependsOn: ["source"] })
    .stage(sleeper("other", 5), { dependsOn: ["source"] })
    .stage(sleeper("child", 10), { dependsOn: ["faulty"] })
    .stage(sleeper("join", 10), { dependsOn: ["faulty", "sibling"] })
    .stage(sleeper("tail", 10), { dependsOn: ["join"] })
    .build();
}

interface Cell {
  readonly fault: Fault;
  readonly mode: FailureMode;
  readonly retry: boolean;
  readonly backpressure: boolean;
}

const cells: Cell[] = FAULTS.flatMap((fault) =>
  [FailureMode.FAIL_FAST, FailureMode.CONTINUE_ON_FAILURE, FailureMode.BEST_EFFORT].flatMap((mode) =>
    [false, true].flatMap((retry) => [false, true].map((bp) => ({ fault, mode, retry, backpressure: bp }))),
  ),
);

async function runCell(cell: Cell) {
  const clock = new FakeClock({ now: 1_000_000 });
  const recorder = new RecordingEventSink();
  const graph = buildGraph(cell.fault);
  const plugins: Plugin[] = [failureTolerance({ mode: cell.mode }), contextEnrichment({ maxTokens: 1_000 })];
  if (cell.backpressure) plugins.push(backpressure({ maxActiveStages: 2 }));
  const interceptors: Interceptor[] = cell.retry
    ? [
        new RetryInterceptor({
          maxAttempts: 3,
          baseDelayMs: 100,
          retryOn: (f) => (f instanceof Error ? true : undefined),
        }),
      ]
    : [];
  const controller = new AbortController();
  if (cell.fault.abortAfterMs !== undefined) {
    clock.sleep(cell.fault.abortAfterMs).then(
      () => controller.abort(new Error("caller gave up")),
      () => undefined,
    );
  }
  const runClock = cell.fault.clock ? cell.fault.clock(clock) : clock;
  const eventSink = cell.fault.sink ? cell.fault.sink(clock, recorder) : recorder;
  const pending = graph.run(ContextSnapshot.create({ inputText: "q" }), {
    clock: runClock,
    eventSink,
    plugins,
    interceptors,
    signal: controller.signal,
  });
  return { clock, recorder, ...(await driveToEnd(pending, clock, 10_000)) };
}

const label = (c: Cell) =>
  `${c.fault.name} | ${c.mode} | retry ${c.retry ? "on" : "off"} | backpressure ${c.backpressure ? "on" : "off"}`;

describe("fault matrix", () => {
  it.each(cells.map((c) => [label(c), c] as const))("%s", async (_name, cell) => {
    const { clock, recorder, settled, result } = await runCell(cell);

    // The run resolves in virtual time and leaves no timer behind.
    expect(settled).toBe(true);
    expect(clock.pendingTimers).toBe(0);

    // Every stage has exactly one terminal record, with a sane duration.
    expect(Object.keys(result.stages).sort()).toEqual([...STAGES].sort());
    for (const record of Object.values(result.stages)) {
      expect(["ok", "skip", "fail", "cancel"]).toContain(record.status);
      expect(Number.isFinite(record.durationMs) && record.durationMs >= 0).toBe(true);
    }

    // Every stage has exactly one terminal event; every start is followed by one terminal event.
    recorder.assertWellFormed();
    for (const stage of STAGES) {
      const events = recorder.forStage(stage);
      expect(events.filter((e) => TERMINAL.has(e.type))).toHaveLength(1);
      expect(events.filter((e) => e.type === "stage.started").length).toBeLessThanOrEqual(1);
      const terminal = events.find((e) => TERMINAL.has(e.type));
      const status = {
        "stage.completed": "ok",
        "stage.skipped": "skip",
        "stage.failed": "fail",
        "stage.cancelled": "cancel",
      }[terminal!.type];
      expect(status).toBe(result.stages[stage]!.status);
    }
    const runEnd = recorder.events.filter(
      (e) => e.type.startsWith("pipeline.") && e.type !== "pipeline.started",
    );
    expect(runEnd).toHaveLength(1);
    expect(runEnd[0]!.type).toBe(`pipeline.${result.status}`);

    const s = (name: string) => result.stages[name]!.status;
    if (cell.fault.failsStage) {
      // A late result never overwrites the recorded failure.
      expect(s("faulty")).toBe("fail");
      expect(result.output("faulty")?.status).toBe("fail");
      expect(result.status).toBe("failed");
      if (cell.mode === FailureMode.FAIL_FAST) {
        for (const d of DOWNSTREAM) {
          expect(s(d)).toBe("cancel");
          expect(result.stages[d]!.attempts).toBe(0);
        }
        const firstFailure = recorder.events.findIndex((e) => e.type === "stage.failed");
        expect(recorder.events.slice(firstFailure).some((e) => e.type === "stage.started")).toBe(false);
      } else if (cell.mode === FailureMode.CONTINUE_ON_FAILURE) {
        for (const d of DOWNSTREAM) {
          expect(s(d)).toBe("skip");
          expect(result.stages[d]!.reason).toContain("faulty");
        }
        for (const ok of ["source", "sibling", "other"]) expect(s(ok)).toBe("ok");
      } else {
        for (const name of STAGES.filter((n) => n !== "faulty")) expect(s(name)).toBe("ok");
      }
    } else if (cell.fault.abortAfterMs !== undefined) {
      if (result.status === "completed") {
        for (const name of STAGES) expect(s(name)).toBe("ok");
      } else {
        expect(result.status).toBe("cancelled");
        for (const name of STAGES) expect(["ok", "cancel"]).toContain(s(name));
        const unstarted = STAGES.filter((n) => result.stages[n]!.attempts === 0);
        for (const name of unstarted) expect(s(name)).toBe("cancel");
      }
      if (cell.fault.abortAfterMs === 0) expect(result.status).toBe("cancelled");
    } else {
      expect(result.status).toBe("completed");
      for (const name of STAGES) expect(s(name)).toBe("ok");
      if (cell.fault.name === "sink throws") expect(result.sinkErrors).toBe(recorder.events.length);
      if (cell.fault.name === "sink rejects slowly") expect(result.sinkErrors).toBeGreaterThan(0);
    }
  });
});
