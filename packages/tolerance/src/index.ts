/**
 * @module @stageflow/tolerance: failure modes, backpressure, conditional dependencies and circuit breaking.
 */
export { FailureMode, isFailureMode } from "./failureMode.js";
export { FailureCollector } from "./failureCollector.js";
export type { FailureCollectorOptions, RecordFailureOptions } from "./failureCollector.js";
export type {
  FailureRecord,
  FailureRecordJSON,
  FailureSummary,
  FailureSummaryJSON,
} from "./failureSummary.js";
export { failureTolerance } from "./failureTolerance.js";
export type { FailureToleranceOptions } from "./failureTolerance.js";
export { resolveBackpressureConfig } from "./backpressureConfig.js";
export type { BackpressureConfig, ResolvedBackpressureConfig } from "./backpressureConfig.js";
export { BackpressureMonitor } from "./backpressureMonitor.js";
export type {
  Admission,
  AdmitOptions,
  BackpressureEvent,
  BackpressureMetrics,
} from "./backpressureMetrics.js";
export { backpressure } from "./backpressure.js";
export type { BackpressurePluginOptions } from "./backpressure.js";
export { ConditionalDependency } from "./conditionalDependency.js";
export type {
  ConditionalDependencyOptions,
  ConditionPredicate,
  UpstreamOutputs,
} from "./conditionalDependency.js";
export { CircuitState } from "./circuitState.js";
export type { CircuitBreakerJSON, CircuitSnapshotJSON, CircuitTransition } from "./circuitState.js";
export { CircuitBreaker } from "./circuitBreaker.js";
export type {
  CircuitBreakerOptions,
  CircuitCallOptions,
  CircuitFailureOptions,
  CircuitPermit,
  SlidingWindowOptions,
} from "./circuitBreakerOptions.js";
export { CircuitBreakerInterceptor } from "./circuitBreakerInterceptor.js";
export type { CircuitBreakerInterceptorOptions } from "./circuitBreakerInterceptor.js";
export { CircuitOpenError } from "./errors/circuitOpenError.js";
export type { CircuitOpenErrorOptions } from "./errors/circuitOpenError.js";
export { LoadShedError } from "./errors/loadShedError.js";
export { ConditionEvaluationError } from "./errors/conditionEvaluationError.js";
