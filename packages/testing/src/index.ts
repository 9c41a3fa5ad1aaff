/**
 * @module @stageflow/testing: fakes, fixtures and virtual time for testing Stageflow stages and pipelines.
 */
export { FakeClock } from "./fakeClock.js";
export type { FakeClockOptions, RunAllOptions } from "./fakeClock.js";
export { RecordingEventSink } from "./recordingEventSink.js";
export type { WaitForOptions } from "./recordingEventSink.js";
export { createTestSnapshot } from "./createTestSnapshot.js";
export { createTestStageContext } from "./createTestStageContext.js";
export type { TestStageContextOptions } from "./createTestStageContext.js";
export { runStage } from "./runStage.js";
export type { RunStageOptions, RunStageResult } from "./runStage.js";
export { FakeClockLoopError } from "./errors/fakeClockLoopError.js";
export { MalformedEventError } from "./errors/malformedEventError.js";
export { BUILT_IN_EVENT_TYPES, createSampleEvents } from "./sampleEvents.js";
export type { SampledEventType, SampleEventsOptions } from "./sampleEvents.js";
