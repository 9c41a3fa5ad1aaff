// One BackpressureMonitor shared by concurrent runs caps how many stages run at once, across all of them.
import { ContextSnapshot, Pipeline, defineStage } from "@stageflow/core";
import { BackpressureMonitor, backpressure } from "@stageflow/tolerance";
import { FakeClock } from "@stageflow/testing";

let running = 0;
let peak = 0;
const call = (name: string) =>
  defineStage({
    name,
    execute: async (ctx) => {
      running++;
      peak = Math.max(peak, running);
      try {
        await ctx.clock.sleep(100, ctx.signal); // a 100 ms model call, in virtual time
      } finally {
        running--;
      }
      return { ok: true };
    },
  });

const graph = new Pipeline("fan-out").withStage(call("a")).withStage(call("b")).withStage(call("c")).build();
const monitor = new BackpressureMonitor({ maxActiveStages: 2, queueSizeLimit: 100 });
const clock = new FakeClock();

// Three requests at once: 9 stages, never more than 2 running.
const runs = Promise.all(
  [1, 2, 3].map(() => graph.run(ContextSnapshot.create(), { plugins: [backpressure(monitor)], clock })),
);
await clock.runAll();
const results = await runs;

console.log("statuses:", results.map((r) => r.status).join(", "));
console.log("peak running stages:", peak);
const metrics = monitor.getMetrics();
console.log(
  `admitted ${metrics.admitted}, completed ${metrics.completed}, shed ${metrics.shed}, peak queued ${metrics.peakQueued}`,
);
console.log("virtual ms:", clock.now());
