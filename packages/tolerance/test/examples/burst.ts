import { citations, compose, eventSink, requests, rerank, retrieve, summarize, webSearch } from "./app.js";
// #region burst
import { ContextSnapshot, Pipeline } from "@stageflow/core";
import {
  backpressure,
  BackpressureMonitor,
  failureTolerance,
  FailureMode,
  LoadShedError,
} from "@stageflow/tolerance";

const graph = new Pipeline("answer")
  .withStage(retrieve)
  .withStage(rerank, { dependsOn: [retrieve] })
  .withStage(summarize, { dependsOn: [rerank] })
  .withStage(webSearch)
  .withStage(citations, { dependsOn: [webSearch] })
  .withStage(compose, { dependsOn: [summarize, citations] })
  .build();

// One monitor shared by every run: the cap holds across all of them.
const monitor = new BackpressureMonitor({ maxActiveStages: 8, queueSizeLimit: 40 });
const plugins = [backpressure(monitor), failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })];

const results = await Promise.all(
  requests.map((r) => graph.run(ContextSnapshot.create({ inputText: r.text }), { plugins, eventSink })),
);

for (const result of results) {
  const shed = Object.entries(result.stages).filter(([, s]) => s.error instanceof LoadShedError);
  if (shed.length > 0) console.warn(`${result.runId}: shed ${shed.map(([name]) => name).join(", ")}`);
  console.log(result.failureSummary?.partialResults); // data of every stage that completed
}
console.log(monitor.getMetrics()); // { active, queued, peakActive, shed, p95LatencyMs, … }
// #endregion

export { results };
