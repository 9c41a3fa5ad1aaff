/**
 * Load: many concurrent runs sharing one backpressure monitor complete with the cap never exceeded
 * and no lost or crossed results. `pnpm --filter @stageflow/tests load` runs the 10,000-run version
 * with memory figures.
 */
import { describe, expect, it } from "vitest";
import { runLoad } from "./load/loadScenario.js";

describe("load", () => {
  it("completes 1,000 concurrent runs sharing one monitor, never above its cap, losing nothing", async () => {
    const outcome = await runLoad(1_000, 16);
    expect(outcome.completed).toBe(1_000);
    expect(outcome.lostOrCrossed).toBe(0);
    expect(outcome.maxActive).toBe(16);
    expect(outcome.pendingTimers).toBe(0);
  }, 60_000);
});
