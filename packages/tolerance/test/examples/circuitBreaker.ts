import { Pipeline } from "@stageflow/core";
// #region breaker
import { CircuitBreaker, CircuitBreakerInterceptor } from "@stageflow/tolerance";
import { RetryInterceptor } from "@stageflow/retry";

// Shared by every run: a failing search service trips one circuit for all of them.
const breaker = new CircuitBreaker({ failureThreshold: 5, halfOpenAfterMs: 30_000 });
const pipeline = new Pipeline("rag", {
  interceptors: [new RetryInterceptor({ maxAttempts: 3 }), new CircuitBreakerInterceptor({ breaker })],
});
// #endregion

export { breaker, pipeline };
