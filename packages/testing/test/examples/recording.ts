import { expect } from "vitest";
import { failingGraph as graph } from "./app.js";
// #region recording
import { RecordingEventSink, createTestSnapshot } from "@stageflow/testing";

const sink = new RecordingEventSink();
const running = graph.run(createTestSnapshot(), { eventSink: sink });
const failed = await sink.waitFor("stage.failed", (e) => e.stage === "llm", {
  signal: AbortSignal.timeout(5_000), // fail the test rather than hang
});
const result = await running;

expect(failed.data.error.message).toBe("model unavailable"); // typed: e.data is the event's payload
expect(sink.ofType("stage.failed")).toEqual([failed]);
expect(sink.types()).toEqual(["pipeline.started", "stage.started", "stage.failed", "pipeline.failed"]);
expect(sink.forStage("llm")).toHaveLength(2); // every event of one stage
expect(sink.forRun(result.runId)).toHaveLength(4); // for a sink shared by concurrent runs
sink.clear();
// #endregion

export { sink };
