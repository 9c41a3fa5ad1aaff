import { RetryInterceptor } from "@stageflow/retry";
import { slowAnswer as answer, chatPipeline as pipeline } from "./app.js";
// #region overall
import { TimeoutInterceptor } from "@stageflow/core";

// At most 60 s in all, however many attempts that allows.
pipeline.withStage(answer, {
  interceptors: [
    new TimeoutInterceptor({ timeoutMs: 60_000, priority: 150 }),
    new RetryInterceptor({ maxAttempts: 10 }),
  ],
});
// #endregion

export { pipeline };
