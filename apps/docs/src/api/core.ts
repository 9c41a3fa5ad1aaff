/**
 * The executor: snapshots, stages, pipelines, interceptors, plugins, events and sinks.
 *
 * @module @stageflow/core
 */
export * from "@stageflow/core";
