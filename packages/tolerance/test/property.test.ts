import { defineStage, Pipeline, StageOutput, type PipelineResult } from "@stageflow/core";
import { createTestSnapshot, FakeClock } from "@stageflow/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backpressure, BackpressureMonitor, failureTolerance, FailureMode } from "../src/index.js";
import { ConcurrencyProbe } from "./helpers.js";

interface Scenario {
  /** deps[i] ⊆ [0, i): a DAG in topological order. */
  readonly deps: number[][];
  readonly fails: boolean[];
  /** Stages whose `when` is false (they skip themselves). */
  readonly skips: boolean[];
  readonly durations: number[];
  readonly mode: FailureMode;
  readonly maxActiveStages: number;
}

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.record({
    deps: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { maxLength: i === 0 ? 0 : 3 }),
      ),
    ),
    fails: fc.tuple(...Array.from({ length: n }, () => fc.integer({ min: 0, max: 3 }).map((x) => x === 0))),
    skips: fc.tuple(...Array.from({ length: n }, () => fc.integer({ min: 0, max: 5 }).map((x) => x === 0))),
    durations: fc.tuple(...Array.from({ length: n }, () => fc.integer({ min: 1, max: 20 }))),
    mode: fc.constantFrom(FailureMode.FAIL_FAST, FailureMode.CONTINUE_ON_FAILURE, FailureMode.BEST_EFFORT),
    maxActiveStages: fc.integer({ min: 1, max: 4 }),
  }),
);

/** Under CONTINUE_ON_FAILURE: stages downstream of a failure, and stages that run (neither blocked nor skipped by `when`). */
function predict(s: Scenario): { blocked: boolean[]; runs: Set<number> } {
  const blocked: boolean[] = [];
  const runs = new Set<number>();
  s.deps.forEach((deps, i) => {
    blocked[i] = deps.some((d) => blocked[d] === true || (runs.has(d) && s.fails[d] === true));
    if (!blocked[i] && !s.skips[i]) runs.add(i);
  });
  return { blocked, runs };
}

function ancestors(s: Scenario, i: number, into = new Set<number>()): Set<number> {
  for (const d of s.deps[i] ?? []) {
    into.add(d);
    ancestors(s, d, into);
  }
  return into;
}

interface Observed {
  readonly results: PipelineResult[];
  /** Stages whose execute started, per run. */
  readonly ran: Array<Set<number>>;
  /** Stages whose execute returned (a fail-fast abort stops the others mid-sleep), per run. */
  readonly finished: Array<Set<number>>;
  readonly probe: ConcurrencyProbe;
}

async function execute(s: Scenario): Promise<Observed> {
  const probe = new ConcurrencyProbe();
  const ran = [new Set<number>(), new Set<number>()];
  const finished = [new Set<number>(), new Set<number>()];
  const clock = new FakeClock();
  const monitor = new BackpressureMonitor({ maxActiveStages: s.maxActiveStages });
  const plugins = [backpressure(monitor), failureTolerance({ mode: s.mode })];
  const graphs = ran.map((set, r) => {
    const pipeline = new Pipeline(`random-${r}`);
    s.deps.forEach((deps, i) => {
      const stage = defineStage({
        name: `n${i}`,
        async execute(ctx) {
          probe.enter(`n${i}`);
          set.add(i);
          try {
            await ctx.clock.sleep(s.durations[i] ?? 1, ctx.signal);
          } finally {
            probe.leave();
          }
          finished[r]?.add(i);
          return s.fails[i] ? StageOutput.fail(new Error(`n${i} failed`)) : StageOutput.ok(i);
        },
      });
      const options = { dependsOn: deps.map((d) => `n${d}`) };
      pipeline.withStage(stage, s.skips[i] ? { ...options, when: () => false } : options);
    });
    return pipeline.build();
  });
  const running = graphs.map((g) => g.run(createTestSnapshot(), { clock, plugins }));
  await clock.runAll();
  const results = await Promise.all(running);
  expect(monitor.getMetrics()).toMatchObject({ active: 0, queued: 0 });
  return { results, ran, finished, probe };
}

describe("property: random DAGs × random failures × each mode", () => {
  it("runs exactly the stages the mode's rule predicts, never more than maxActiveStages at once", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { results, ran, finished, probe } = await execute(s);
        expect(probe.peak).toBeLessThanOrEqual(s.maxActiveStages);
        const all = new Set(s.deps.map((_, i) => i));
        const { blocked, runs: allowed } = predict(s);
        const notSkipped = new Set([...all].filter((i) => !s.skips[i]));
        results.forEach((result, r) => {
          const started = ran[r] as Set<number>;
          const failures = [...(finished[r] as Set<number>)].filter((i) => s.fails[i]);
          const failedRan = failures.length > 0;
          if (s.mode === FailureMode.BEST_EFFORT) {
            expect(started).toEqual(notSkipped);
          } else if (s.mode === FailureMode.CONTINUE_ON_FAILURE) {
            expect(started).toEqual(allowed);
            for (const i of all) {
              if (allowed.has(i)) continue;
              const record = result.stages[`n${i}`];
              expect(record?.status).toBe("skip");
              if (s.skips[i]) {
                expect(record?.reason).toBe("its when condition was false");
                continue;
              }
              expect(blocked[i]).toBe(true);
              const named = [...(record?.reason ?? "").matchAll(/"n(\d+)"/g)].map((m) => Number(m[1]));
              expect(named.length).toBeGreaterThan(0);
              for (const a of named) {
                expect(ancestors(s, i).has(a)).toBe(true);
                expect(s.fails[a] && allowed.has(a)).toBe(true);
              }
            }
          } else {
            // Fail-fast: nothing starts downstream of a failure, and without a failure everything runs.
            for (const i of started) expect(allowed.has(i)).toBe(true);
            if (!failedRan) expect(started).toEqual(notSkipped);
            for (const i of all) {
              if (started.has(i)) continue;
              expect(s.skips[i] ? ["skip", "cancel"] : ["cancel"]).toContain(result.stages[`n${i}`]?.status);
            }
          }
          expect(result.status).toBe(failedRan ? "failed" : "completed");
          expect(result.failureSummary?.failures.map((f) => f.stage).sort()).toEqual(
            failures.map((i) => `n${i}`).sort(),
          );
        });
      }),
      { numRuns: 150 },
    );
  });
});
