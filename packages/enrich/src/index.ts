/**
 * @module @stageflow/enrich: token budgets, truncation tracking, version metadata and conflict resolution for ENRICH stages.
 */
export { ContextUtilization } from "./contextUtilization.js";
export type {
  BoundStage,
  ContextUtilizationJSON,
  ContextUtilizationOptions,
  TokenSpendOptions,
} from "./budgetTypes.js";
export { TruncationTracker } from "./truncationTracker.js";
export type {
  TruncationEvent,
  TruncationInput,
  TruncationStrategy,
  TruncationSummary,
  TruncationTrackerOptions,
} from "./truncationTypes.js";
export { VersionMetadata, contentChecksum } from "./versionMetadata.js";
export { VERSION_ARTIFACT_TYPE, versionArtifact } from "./versionArtifact.js";
export type { VersionMetadataInit, VersionMetadataJSON } from "./versionMetadata.js";
export { ConflictDetector, ConflictResolution } from "./conflictDetector.js";
export type {
  ConflictCheck,
  ConflictDetectorOptions,
  ConflictInput,
  ConflictResolver,
  ConflictStrategy,
} from "./conflictDetector.js";
export { ContextConflictError } from "./errors/contextConflictError.js";
export type { ContextConflictErrorOptions } from "./errors/contextConflictError.js";
export { countTokens, heuristicTokenizer } from "./tokenizer.js";
export type { Tokenizer } from "./tokenizer.js";
export { Enrichments } from "./enrichments.js";
export type { EnrichmentEntry } from "./enrichments.js";
export {
  ContextUtilizationKey,
  EnrichmentsKey,
  TokenizerKey,
  TruncationTrackerKey,
  getEnrichments,
} from "./contextKeys.js";
export { contextEnrichment } from "./contextEnrichment.js";
export type { ConflictRecord, ContextEnrichmentOptions, EnrichmentReport } from "./contextEnrichment.js";
export type {
  ConflictEventData,
  NearLimitEventData,
  StaleContent,
  StaleEventData,
  TruncationEventData,
} from "./eventData.js";
