import { TruncationTracker } from "@stageflow/enrich";
import { RecordingEventSink } from "@stageflow/testing";

const eventSink = new RecordingEventSink();

// #region tracker
const tracker = new TruncationTracker({ eventSink, maxHistory: 100 });
const event = tracker.recordTruncation({
  originalTokens: 1200,
  truncatedTokens: 800,
  strategy: "tail",
  contentType: "documents",
  reason: "token budget",
  metadata: { docId: "kb:refunds" },
  stage: "answer", // optional, put on the event (inside a run, the calling stage is named already)
});
// { timestamp, originalTokens, truncatedTokens, tokensRemoved: 400, strategy, contentType, reason, preservedRatio: 0.667, metadata }
tracker.getSummary(); // { eventCount, totalTokensRemoved, strategiesUsed: { tail: 1 }, contentTypes: { documents: 1 }, avgPreservedRatio }
// #endregion

export { event, eventSink, tracker };
