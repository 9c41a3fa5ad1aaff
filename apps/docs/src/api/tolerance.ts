/**
 * Run-level policy: failure modes, backpressure, conditional dependencies and circuit breaking.
 *
 * @module @stageflow/tolerance
 */
export * from "@stageflow/tolerance";
