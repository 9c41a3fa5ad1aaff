// Stand-ins for the application code around the README samples.
import { Pipeline, StageKind, defineStage } from "@stageflow/core";
import { RecordingEventSink } from "@stageflow/testing";

/** A stage that returns `{ by: name }`. */
function work(name: string, kind: StageKind = StageKind.TRANSFORM) {
  return defineStage({ name, kind, execute: async () => ({ by: name }) });
}

// For the burst sample: six stages, and twenty requests, one of which the web search cannot serve.
export const retrieve = work("retrieve", StageKind.ENRICH);
export const rerank = work("rerank");
export const summarize = work("summarize");
export const webSearch = defineStage({
  name: "web_search",
  kind: StageKind.ENRICH,
  execute: async (ctx) => {
    if (ctx.snapshot.inputText?.includes("offline")) throw new Error("web search unavailable");
    return { by: "web_search" };
  },
});
export const citations = work("citations");
export const compose = work("compose");
export const requests = Array.from({ length: 20 }, (_, i) => ({
  text: i === 7 ? "offline question" : `question ${i}`,
}));
export const eventSink = new RecordingEventSink();

// For the conditional-dependency sample: a pipeline, and a classifier reading the question.
export const pipeline = new Pipeline("triage");
export const classify = defineStage({
  name: "classify",
  kind: StageKind.ROUTE,
  execute: (ctx) => {
    const text = ctx.snapshot.inputText ?? "";
    return { needsSearch: text.endsWith("?"), intent: text.startsWith("hi") ? "chat" : "question" };
  },
});
export const search = work("search");
export const smallTalk = work("small_talk");
export const audit = work("audit");
