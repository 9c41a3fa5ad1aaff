/**
 * A typed fluent builder, DAG pattern helpers, pictures and lint for pipelines.
 *
 * @module @stageflow/builder
 */
export * from "@stageflow/builder";
