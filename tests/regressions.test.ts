/**
 * Regression tests for invariant violations the fault matrix and chaos runs found, each named after
 * what broke.
 */
import { ContextSnapshot, Pipeline, defineStage, type Clock } from "@stageflow/core";
import { FakeClock } from "@stageflow/testing";
import { describe, expect, it } from "vitest";

describe("regressions", () => {
  it("durations stay non-negative when the wall clock steps backwards during a run", async () => {
    const clock = new FakeClock({ now: 10_000_000 });
    let reads = 0;
    // Reads after the third see the clock an hour earlier, as after an NTP step.
    const stepping: Clock = {
      now: () => clock.now() - (++reads > 3 ? 3_600_000 : 0),
      sleep: (ms, s) => clock.sleep(ms, s),
    };
    const slow = defineStage({ name: "slow", execute: async (ctx) => ctx.clock.sleep(50, ctx.signal) });
    const after = defineStage({ name: "after", execute: () => ({ done: true }) });
    const graph = new Pipeline("ntp")
      .withStage(slow)
      .withStage(after, { dependsOn: [slow] })
      .build();
    const pending = graph.run(ContextSnapshot.create(), { clock: stepping });
    await clock.runAll();
    const result = await pending;
    expect(result.status).toBe("completed");
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    for (const record of Object.values(result.stages)) expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });
});
