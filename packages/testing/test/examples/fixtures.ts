import { answer } from "./app.js";
// #region fixtures
import { StageOutput } from "@stageflow/core";
import { createTestSnapshot, createTestStageContext, RecordingEventSink } from "@stageflow/testing";

const snapshot = createTestSnapshot({ inputText: "refund policy?", runId: { userId: "u42" } });
// runId.pipelineRunId, requestId, sessionId and interactionId are generated; orgId is "test-org".

const sink = new RecordingEventSink();
const ctx = createTestStageContext({
  stageName: "answer",
  snapshot,
  inputs: { retrieve: StageOutput.ok({ docs: ["Refunds take 5 days."] }) },
  eventSink: sink,
});
const output = await answer.execute(ctx);
// #endregion

export { ctx, output, sink, snapshot };
