/**
 * @module @stageflow/retry: retries for Stageflow stages, with backoff, jitter, Retry-After and
 * abortable waits on the run's clock.
 */
export { RetryInterceptor } from "./retryInterceptor.js";
export type {
  RetryInterceptorOptions,
  RetryPolicy,
  RetryPolicyOptions,
  RetryPredicate,
} from "./retryOptions.js";
export { BackoffStrategy } from "./backoffStrategy.js";
export { JitterStrategy } from "./jitterStrategy.js";
export { computeRetryDelay } from "./computeRetryDelay.js";
export type { RetryDelayInput } from "./computeRetryDelay.js";
export { TransientError } from "./errors/transientError.js";
export type { RetryableErrorOptions } from "./errors/transientError.js";
export { RateLimitError } from "./errors/rateLimitError.js";
export { ServiceUnavailableError } from "./errors/serviceUnavailableError.js";
export { NonRetryableError } from "./errors/nonRetryableError.js";
export type { NonRetryableErrorOptions } from "./errors/nonRetryableError.js";
export { RetryExhaustedError } from "./errors/retryExhaustedError.js";
export type { RetryExhaustedErrorInit, RetryExhaustedReason } from "./errors/retryExhaustedError.js";
