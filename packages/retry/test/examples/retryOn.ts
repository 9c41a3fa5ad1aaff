import { RetryInterceptor } from "@stageflow/retry";

/** An SDK's error for a spent daily quota: its status 429 is retried by default. */
class QuotaExceededError extends Error {
  readonly status = 429;
}

// #region retryOn
const retry = new RetryInterceptor({
  retryOn: (failure, attempt) => {
    if (failure instanceof QuotaExceededError) return false; // daily quota: waiting will not help
    if (failure instanceof Error && failure.message.includes("overloaded")) return attempt < 3;
    return undefined;
  },
});
// #endregion

export { QuotaExceededError, retry };
