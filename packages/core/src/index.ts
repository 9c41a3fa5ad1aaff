/**
 * @module @stageflow/core: run pipelines of async stages as a DAG.
 */
export { StageKind, StageStatus, isStageKind } from "./stageKind.js";
export { StageOutput, isStageOutput } from "./stageOutput.js";
export type {
  NotOkStageOutput,
  OkStageOutput,
  StageArtifact,
  StageOutputEvent,
  StageOutputExtras,
  StageOutputFields,
} from "./stageOutput.js";
export { defineStage } from "./stage.js";
export type { Stage, AnyStage, ReturnedData, StageData, StageDefinition, StageReturn } from "./stage.js";
export { ContextSnapshot } from "./snapshot/contextSnapshot.js";
export type {
  ContextSnapshotInit,
  Message,
  RoutingDecision,
  RunIdentity,
} from "./snapshot/contextSnapshot.js";
export {
  ContextSnapshotSchema,
  ConversationSchema,
  MessageSchema,
  RoutingDecisionSchema,
  RunIdentitySchema,
} from "./snapshot/contextSnapshotSchema.js";
export type { ContextSnapshotJSON } from "./snapshot/contextSnapshotSchema.js";
export type { StageContext } from "./stageContext.js";
export { createStageContext } from "./createStageContext.js";
export type { CreateStageContextOptions } from "./createStageContext.js";
export { StageInputs } from "./context/stageInputs.js";
export type { StageDataField, StageDataKey, StageRef } from "./context/stageInputs.js";
export { createContextKey } from "./context/contextKey.js";
export type { ContextKey, ContextKeyOptions, ProvidedValue, StageAttempt } from "./context/contextKey.js";
export { Pipeline } from "./pipeline.js";
export type { PipelineOptions, StageOptions, WhenCondition } from "./pipeline.js";
export { StageGraph } from "./stageGraph.js";
export type { RunOptions } from "./stageGraph.js";
export { PipelineResult } from "./pipelineResult.js";
export type { PipelineResultReports, ResultOutputs, StageRecord } from "./pipelineResult.js";
export { DEFAULT_INTERCEPTOR_PRIORITY } from "./interceptor.js";
export type {
  Interceptor,
  InterceptorContext,
  InterceptorTarget,
  NextFn,
  NextOverrides,
} from "./interceptor.js";
export { TimeoutInterceptor } from "./timeoutInterceptor.js";
export type { TimeoutInterceptorOptions } from "./timeoutInterceptor.js";
export type {
  AcquireResult,
  DependencyOutcome,
  Plugin,
  RunInfo,
  SettleDecision,
  ShouldRunDecision,
  StageInfo,
  StageOutcome,
} from "./plugin.js";
export { isEventType, serializeError } from "./events/eventTypes.js";
export type {
  AnyStageflowEvent,
  BackpressureData,
  CircuitData,
  EventEnvelope,
  EventOf,
  LifecycleEventType,
  RunEndData,
  RunStatus,
  SerializedError,
  StageEndData,
  StageflowEvent,
  StageflowEventMap,
  StageflowEventType,
} from "./events/eventTypes.js";
export type { EventSink, SinkErrorHandler } from "./events/eventSink.js";
export { REDACTED, createRedactor } from "./events/redact.js";
export type { Redactor } from "./events/redact.js";
export { NoOpEventSink } from "./sinks/noOpEventSink.js";
export { CallbackEventSink } from "./sinks/callbackEventSink.js";
export type { CallbackEventSinkOptions } from "./sinks/callbackEventSink.js";
export { CompositeEventSink } from "./sinks/compositeEventSink.js";
export type { CompositeEventSinkOptions } from "./sinks/compositeEventSink.js";
export { BufferedEventSink } from "./sinks/bufferedEventSink.js";
export type { BufferedEventSinkOptions, DropPolicy } from "./sinks/bufferedEventSink.js";
export { LoggingEventSink } from "./sinks/loggingEventSink.js";
export type { CompatibleLogger, LoggingEventSinkOptions, LogLevel } from "./sinks/loggingEventSink.js";
export { systemClock } from "./clock.js";
export { onAbort } from "./onAbort.js";
export { AbortLink } from "./abortLink.js";
export type { HasSignal } from "./abortLink.js";
export type { Clock, RandomSource } from "./clock.js";
export { assertKnownOptions, assertKnownStageNames, closestMatch, type OptionsElsewhere } from "./options.js";
export { StageflowError, isStageflowError } from "./errors/stageflowError.js";
export type { StageflowErrorCode, StageflowErrorOptions } from "./errors/stageflowError.js";
export { PipelineValidationError } from "./errors/pipelineValidationError.js";
export type { PipelineProblem } from "./errors/pipelineValidationError.js";
export { CycleDetectedError } from "./errors/cycleDetectedError.js";
export { InvalidSnapshotError } from "./errors/invalidSnapshotError.js";
export type { SnapshotIssue } from "./errors/invalidSnapshotError.js";
export { InvalidStageOutputError } from "./errors/invalidStageOutputError.js";
export type { OutputIssue } from "./errors/invalidStageOutputError.js";
export { UndeclaredDependencyError } from "./errors/undeclaredDependencyError.js";
export { StageTimeoutError } from "./errors/stageTimeoutError.js";
export { PipelineCancelledError } from "./errors/pipelineCancelledError.js";
export { PipelineFailedError } from "./errors/pipelineFailedError.js";
export type { StageFailure } from "./errors/pipelineFailedError.js";
export { InvalidOptionsError } from "./errors/invalidOptionsError.js";
export { NonErrorThrownError } from "./errors/nonErrorThrownError.js";
export { OptionCallbackError } from "./errors/optionCallbackError.js";
export type { OptionCallbackErrorInit } from "./errors/optionCallbackError.js";
export { MissingContextValueError } from "./errors/missingContextValueError.js";
