/**
 * @module Per-run state of the `contextEnrichment` plugin: budget, tracker, and the merged enrichment store.
 * @internal
 */
import type { RunInfo, StageOutput } from "@stageflow/core";
import type { ConflictEventData, StaleEventData } from "../eventData.js";
import type { ConflictDetector } from "../conflictDetector.js";
import { ContextUtilization } from "../contextUtilization.js";
import { Enrichments, type EnrichmentEntry, type EnrichmentStore } from "../enrichments.js";
import { ContextConflictError } from "../errors/contextConflictError.js";
import { TruncationTracker } from "../truncationTracker.js";
import { VERSION_ARTIFACT_TYPE } from "../versionArtifact.js";
import { VersionMetadata } from "../versionMetadata.js";
import { frozenCopy, isPlainObject, safeKeys } from "./plainData.js";

/** One conflict the plugin resolved. */
export interface ConflictRecord {
  /** The field. */
  readonly field: string;
  /** The writer of the value the field held (the last one, when several contributed). */
  readonly oldWriter: string;
  /** The stage whose output conflicted with it. */
  readonly newWriter: string;
  /** The strategy applied (`"custom"` for a function). */
  readonly resolution: string;
}

/** Settings the plugin passes to each run. */
export interface RunSettings {
  readonly maxTokens: number;
  readonly reservedTokens: number;
  readonly nearLimitRatio: number | undefined;
  readonly maxTruncationHistory: number | undefined;
  readonly detector: ConflictDetector;
}

/** The plugin's state for one run. */
export class RunEnrichment {
  readonly budget: ContextUtilization;
  readonly tracker: TruncationTracker;
  readonly view: Enrichments;
  readonly conflicts: ConflictRecord[] = [];
  readonly errors: ContextConflictError[] = [];
  readonly #entries = new Map<string, EnrichmentEntry>();
  readonly #staleSeen = new Set<string>();
  readonly #run: RunInfo;
  readonly #detector: ConflictDetector;

  constructor(run: RunInfo, settings: RunSettings) {
    this.#run = run;
    this.#detector = settings.detector;
    const binding = { eventSink: run.eventSink, clock: run.clock, runId: run.runId, pipeline: run.pipeline };
    this.budget = new ContextUtilization({
      maxTokens: settings.maxTokens,
      reservedTokens: settings.reservedTokens,
      ...(settings.nearLimitRatio === undefined ? {} : { nearLimitRatio: settings.nearLimitRatio }),
      ...binding,
    });
    this.tracker = new TruncationTracker({
      ...(settings.maxTruncationHistory === undefined ? {} : { maxHistory: settings.maxTruncationHistory }),
      ...binding,
    });
    const initial = run.snapshot.enrichments;
    for (const field of safeKeys(initial)) {
      this.#entries.set(field, { value: frozenCopy(initial[field]), writers: ["snapshot"], versions: [] });
    }
    const store: EnrichmentStore = {
      entries: this.#entries,
      now: () => run.clock.now(),
      onStaleRead: (field, entry, reader) => this.#staleRead(field, entry, reader),
    };
    this.view = new Enrichments(store);
  }

  /** Merges an ENRICH stage's `ok` output; returns false when a conflict under `"error"` should stop the run. */
  merge(stage: string, output: StageOutput): boolean {
    const data = output.data;
    const fields: Array<[string, unknown]> = isPlainObject(data)
      ? safeKeys(data).map((key) => [key, data[key]])
      : data === undefined
        ? []
        : [[stage, data]];
    const versions = this.#versionsOf(output);
    let ok = true;
    for (const [field, value] of fields) {
      if (value === undefined) continue;
      if (!this.#mergeField(stage, field, value, versions.get(field) ?? [])) ok = false;
    }
    return ok;
  }

  #mergeField(stage: string, field: string, value: unknown, versions: readonly VersionMetadata[]): boolean {
    const current = this.#entries.get(field);
    if (current === undefined) {
      this.#entries.set(field, { value: frozenCopy(value), writers: [stage], versions });
      return true;
    }
    const oldWriter = current.writers[current.writers.length - 1] as string;
    let check;
    try {
      check = this.#detector.checkAndResolve(field, current.value, value);
    } catch (error) {
      // "error" strategy (possibly on a nested path) or a custom resolver that threw: the run stops.
      const conflict = error instanceof ContextConflictError;
      this.errors.push(
        new ContextConflictError(
          conflict ? error.field : field,
          conflict ? error.oldValue : current.value,
          conflict ? error.newValue : value,
          {
            oldWriter,
            newWriter: stage,
            ...(conflict ? {} : { cause: error }),
          },
        ),
      );
      this.#reportConflict(
        { field, oldWriter, newWriter: stage, resolution: conflict ? "error" : "custom" },
        current.writers,
      );
      return false;
    }
    if (!check.hasConflict) {
      if (!current.writers.includes(stage))
        this.#entries.set(field, {
          ...current,
          writers: [...current.writers, stage],
          versions: [...current.versions, ...versions],
        });
      return true;
    }
    this.#reportConflict(
      { field, oldWriter, newWriter: stage, resolution: check.resolution },
      current.writers,
    );
    if (check.resolution === "error") {
      this.errors.push(
        new ContextConflictError(field, current.value, value, { oldWriter, newWriter: stage }),
      );
      return false;
    }
    if (check.resolution === "keep_old") return true;
    const replaced = check.resolution === "keep_new";
    this.#entries.set(field, {
      value: frozenCopy(check.mergedValue),
      writers: replaced ? [stage] : [...current.writers, stage],
      versions: replaced ? versions : [...current.versions, ...versions],
    });
    return true;
  }

  #reportConflict(record: ConflictRecord, writers: readonly string[]): void {
    this.conflicts.push(record);
    const data: ConflictEventData = { ...record, writers: [...writers, record.newWriter] };
    this.#run.emit("context.conflict", data, record.newWriter);
  }

  #versionsOf(output: StageOutput): Map<string, VersionMetadata[]> {
    const byField = new Map<string, VersionMetadata[]>();
    for (const artifact of output.artifacts) {
      if (artifact.type !== VERSION_ARTIFACT_TYPE) continue;
      const payload = artifact.payload as { field?: unknown; metadata?: unknown } | null;
      if (typeof payload?.field !== "string") continue;
      let meta: VersionMetadata;
      try {
        meta = VersionMetadata.fromJSON(payload.metadata, this.#run.clock);
      } catch {
        continue; // malformed metadata never breaks a run; the field simply has no version
      }
      byField.set(payload.field, [...(byField.get(payload.field) ?? []), meta]);
    }
    return byField;
  }

  #staleRead(field: string, entry: EnrichmentEntry, reader: string | undefined): void {
    const key = `${reader ?? ""}\u0000${field}`;
    if (this.#staleSeen.has(key)) return;
    this.#staleSeen.add(key);
    const now = this.#run.clock.now();
    const stale = entry.versions.filter((v) => v.isStaleAt(now));
    const data: StaleEventData = {
      field,
      reader: reader ?? null,
      writers: entry.writers,
      content: stale.map((v) => ({
        contentId: v.contentId,
        source: v.source,
        version: v.version,
        ageSeconds: v.ageSecondsAt(now),
        ttlSeconds: v.ttlSeconds,
      })),
    };
    this.#run.emit("context.stale", data, reader);
  }
}
