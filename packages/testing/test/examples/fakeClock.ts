import { expect } from "vitest";
import { graph } from "./app.js";
// #region fakeClock
import { ContextSnapshot } from "@stageflow/core";
import { FakeClock } from "@stageflow/testing";

const clock = new FakeClock();
const running = graph.run(ContextSnapshot.create(), { clock });
await clock.runAll(); // minutes of backoff, instantly
const result = await running;

expect(result.durationMs).toBe(210_000); // durations and timestamps are virtual too
expect(clock.pendingTimers).toBe(0); // no timer leaked by the run
// #endregion

export { result };
