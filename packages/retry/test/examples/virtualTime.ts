import { expect } from "vitest";
import { defaultRetry as retry, twiceFlakyGraph as graph } from "./app.js";
// #region virtualTime
import { FakeClock, RecordingEventSink, createTestSnapshot } from "@stageflow/testing";

const clock = new FakeClock();
const sink = new RecordingEventSink();
const running = graph.run(createTestSnapshot(), {
  clock,
  eventSink: sink,
  interceptors: [retry],
  random: () => 0.5,
});
await clock.runAll();
const result = await running;
expect(result.status).toBe("completed");
expect(sink.ofType("stage.retry_scheduled").map((e) => e.data.delayMs)).toEqual([500, 1000]);
// #endregion
