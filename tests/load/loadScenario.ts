/**
 * @module Many concurrent runs sharing one backpressure monitor, with counters proving the cap.
 */
import {
  ContextSnapshot,
  Pipeline,
  defineStage,
  type PipelineResult,
  type StageContext,
} from "@stageflow/core";
import { FakeClock } from "@stageflow/testing";
import { BackpressureMonitor, backpressure } from "@stageflow/tolerance";

/** What a load scenario measured. */
export interface LoadOutcome {
  readonly runs: number;
  readonly completed: number;
  /** Most stages running at once, across every run, as counted inside the stages. */
  readonly maxActive: number;
  /** Runs whose final output does not carry their own run id (lost or crossed results). */
  readonly lostOrCrossed: number;
  readonly cap: number;
  readonly pendingTimers: number;
  /** Results, for memory checks; dropped by callers that measure. */
  results: PipelineResult[];
}

/**
 * Starts `runs` runs of a 5-stage diamond at once on a virtual clock, all sharing one monitor capped
 * at `cap` active stages, and drives them to the end.
 */
export async function runLoad(runs: number, cap: number): Promise<LoadOutcome> {
  const clock = new FakeClock();
  let active = 0;
  let maxActive = 0;
  const work = (name: string, ms: number) =>
    defineStage({
      name,
      execute: async (ctx: StageContext) => {
        active++;
        maxActive = Math.max(maxActive, active);
        try {
          await ctx.clock.sleep(ms, ctx.signal);
          return { runId: ctx.runId, from: name };
        } finally {
          active--;
        }
      },
    });
  const graph = new Pipeline("load")
    .withStage(work("a", 5))
    .withStage(work("b", 10), { dependsOn: ["a"] })
    .withStage(work("c", 7), { dependsOn: ["a"] })
    .withStage(work("d", 3), { dependsOn: ["b", "c"] })
    .withStage(work("e", 1), { dependsOn: ["d"] })
    .build();
  const monitor = new BackpressureMonitor({ maxActiveStages: cap, queueSizeLimit: runs * 5 });
  const plugins = [backpressure(monitor)];
  const pending = Array.from({ length: runs }, (_, i) =>
    graph.run(ContextSnapshot.create({ runId: { pipelineRunId: `run-${i}` } }), { clock, plugins }),
  );
  await clock.runAll({ maxJumps: runs * 50 });
  const results = await Promise.all(pending);
  const lostOrCrossed = results.filter(
    (r) => (r.output("e")?.data as { runId?: string } | undefined)?.runId !== r.runId,
  ).length;
  return {
    runs,
    completed: results.filter((r) => r.status === "completed").length,
    maxActive,
    lostOrCrossed,
    cap,
    pendingTimers: clock.pendingTimers,
    results,
  };
}
