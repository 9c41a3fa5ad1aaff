/**
 * @module `versionArtifact`: how an ENRICH stage attaches `VersionMetadata` to a field of its output.
 */
import type { StageArtifact } from "@stageflow/core";
import type { VersionMetadata } from "./versionMetadata.js";

/** The artifact type the `contextEnrichment` plugin reads version metadata from. */
export const VERSION_ARTIFACT_TYPE = "stageflow.enrich.version";

/**
 * Attaches version metadata to a field an ENRICH stage outputs, so the `contextEnrichment` plugin can
 * report `context.stale` when a later stage reads it past its TTL.
 * @param field - the output field the metadata describes
 * @param metadata - the field's metadata
 * @returns an artifact for `StageOutput.ok(data, { artifacts: [...] })`
 * @example
 * ```ts
 * return StageOutput.ok({ docs }, { artifacts: [versionArtifact("docs", meta)] });
 * ```
 */
export function versionArtifact(field: string, metadata: VersionMetadata): StageArtifact {
  return Object.freeze({
    type: VERSION_ARTIFACT_TYPE,
    payload: Object.freeze({ field, metadata: metadata.toJSON() }),
  });
}
