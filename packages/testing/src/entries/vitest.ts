/**
 * @module @stageflow/testing/vitest: the sink conformance suite and `expect` matchers (needs vitest).
 */
export { testEventSinkConformance } from "../testEventSinkConformance.js";
export type { SinkConformanceOptions, SinkFactory } from "../testEventSinkConformance.js";
export { stageflowMatchers } from "../matchers.js";
export type { EventExpectation, StageflowMatchers } from "../matchers.js";
