/**
 * Retries as an interceptor: backoff, jitter, Retry-After, and waits on the run's clock that abort with the run.
 *
 * @module @stageflow/retry
 */
export * from "@stageflow/retry";
