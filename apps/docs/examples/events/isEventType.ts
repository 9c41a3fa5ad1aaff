// Narrowing what a sink receives: isEventType types `data` for the event types it names.
import { CallbackEventSink, ContextSnapshot, Pipeline, defineStage, isEventType } from "@stageflow/core";

const failures: string[] = [];
const ends: string[] = [];
const sink = new CallbackEventSink((event) => {
  if (isEventType(event, "stage.failed")) failures.push(`${event.stage}: ${event.data.error.message}`);
  if (isEventType(event, "stage.completed", "stage.failed")) ends.push(`${event.type} ${event.stage}`);
});

const fetchDocs = defineStage({ name: "fetch_docs", execute: () => ({ docs: ["a", "b"] }) });
const rank = defineStage({
  name: "rank",
  execute: () => {
    throw new Error("ranker unavailable");
  },
});

await new Pipeline("rag")
  .withStage(fetchDocs)
  .withStage(rank, { dependsOn: [fetchDocs] })
  .run(ContextSnapshot.create(), { eventSink: sink });
console.log(ends.join("\n"));
console.log(failures.join("\n"));
