/**
 * Fakes and fixtures for testing stages and pipelines: virtual time, a recording sink, snapshot and context fixtures, and single-stage runs.
 *
 * @module @stageflow/testing
 */
export * from "@stageflow/testing";
