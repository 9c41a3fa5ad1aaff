/**
 * The event sink conformance suite and `expect` matchers; needs vitest.
 *
 * @module @stageflow/testing/vitest
 */
export * from "@stageflow/testing/vitest";
