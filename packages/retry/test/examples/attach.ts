import { graph, pipeline, search, snapshot } from "./app.js";
// #region attach
import { Pipeline } from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";

const retry = new RetryInterceptor({ maxAttempts: 4, baseDelayMs: 500 });

await graph.run(snapshot, { interceptors: [retry] }); // every stage of this run
const chat = new Pipeline("chat", { interceptors: [retry] }); // every stage of every run
pipeline.withStage(search, { interceptors: [retry] }); // one stage
// #endregion

export { chat };
