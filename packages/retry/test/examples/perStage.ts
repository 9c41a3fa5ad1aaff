import { RetryInterceptor } from "@stageflow/retry";

// #region stages
const retry = new RetryInterceptor({
  maxAttempts: 3,
  stages: { answer: { maxAttempts: 6, baseDelayMs: 2000 }, charge: false },
});
// #endregion

export { retry };
