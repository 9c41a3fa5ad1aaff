/**
 * ENRICH utilities: token budgets, truncation tracking, version metadata and conflict resolution, as classes and as a plugin.
 *
 * @module @stageflow/enrich
 */
export * from "@stageflow/enrich";
