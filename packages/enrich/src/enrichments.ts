/**
 * @module `Enrichments`: the run's merged ENRICH outputs, as stages read them through `ctx.get(EnrichmentsKey)`.
 */
import type { VersionMetadata } from "./versionMetadata.js";

/** One merged field: its value, who wrote it, and the metadata of the content it came from. */
export interface EnrichmentEntry {
  /** The merged value (deeply frozen plain data). */
  readonly value: unknown;
  /** Writers in the order they contributed (`"snapshot"` for the run's initial enrichments). */
  readonly writers: readonly string[];
  /** Version metadata of the contributing content. */
  readonly versions: readonly VersionMetadata[];
}

/** The run-wide store behind every {@link Enrichments} view. @internal */
export interface EnrichmentStore {
  /** Fields by name. */
  readonly entries: ReadonlyMap<string, EnrichmentEntry>;
  /** Called when `reader` reads a field that holds stale content. */
  onStaleRead(field: string, entry: EnrichmentEntry, reader: string | undefined): void;
  /** `clock.now()` of the run. */
  now(): number;
}

/**
 * A read-only view of the run's enrichments: the snapshot's `enrichments` plus the outputs of every
 * ENRICH stage that has completed so far, merged field by field with conflicts resolved by the
 * plugin's `ConflictDetector`. Stages see the fields of every ENRICH stage that settled before they
 * started (in particular every upstream ENRICH stage). Reading a field whose content is past its TTL
 * emits `context.stale` (once per field and reader).
 * @example
 * ```ts
 * const enrichments = getEnrichments(ctx); // or ctx.get(EnrichmentsKey).readAs(ctx.stageName)
 * const docs = enrichments.get("docs") as string[];
 * ```
 */
export class Enrichments {
  readonly #store: EnrichmentStore;
  readonly #reader: string | undefined;

  /** @internal */
  constructor(store: EnrichmentStore, reader?: string) {
    this.#store = store;
    this.#reader = reader;
  }

  /** The stage this view reads for (named on `context.stale` events), if any. */
  get reader(): string | undefined {
    return this.#reader;
  }

  /**
   * A view that names `stage` as the reader on `context.stale` events.
   * @param stage - the reading stage's name (usually `ctx.stageName`)
   * @returns a view over the same store
   */
  readAs(stage: string): Enrichments {
    return new Enrichments(this.#store, stage);
  }

  /** Names of the fields present, in insertion order. */
  get fields(): readonly string[] {
    return [...this.#store.entries.keys()];
  }

  /**
   * Whether a field is present.
   * @param field - the field
   * @returns true when present
   */
  has(field: string): boolean {
    return this.#store.entries.has(field);
  }

  /**
   * Reads a field; emits `context.stale` when its content is past its TTL.
   * @param field - the field
   * @returns its merged value, or `undefined`
   */
  get<T = unknown>(field: string): T | undefined {
    const entry = this.#store.entries.get(field);
    if (entry === undefined) return undefined;
    if (this.#staleIn(entry)) this.#store.onStaleRead(field, entry, this.#reader);
    return entry.value as T;
  }

  /**
   * Who wrote a field.
   * @param field - the field
   * @returns writers in contribution order (empty when absent)
   */
  writersOf(field: string): readonly string[] {
    return this.#store.entries.get(field)?.writers ?? [];
  }

  /**
   * Version metadata of a field's content.
   * @param field - the field
   * @returns the metadata attached by its writers (empty when none)
   */
  versionsOf(field: string): readonly VersionMetadata[] {
    return this.#store.entries.get(field)?.versions ?? [];
  }

  /**
   * Whether any content of a field is past its TTL on the run's clock (does not emit).
   * @param field - the field
   * @returns true when stale
   */
  isStale(field: string): boolean {
    const entry = this.#store.entries.get(field);
    return entry !== undefined && this.#staleIn(entry);
  }

  /** @returns every field's value as one frozen object (reading it this way emits no stale events) */
  toObject(): Readonly<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [field, entry] of this.#store.entries) out[field] = entry.value;
    return Object.freeze(out);
  }

  /** @returns the same as {@link Enrichments.toObject}, for `JSON.stringify` */
  toJSON(): Readonly<Record<string, unknown>> {
    return this.toObject();
  }

  #staleIn(entry: EnrichmentEntry): boolean {
    if (entry.versions.length === 0) return false;
    const now = this.#store.now();
    return entry.versions.some((v) => v.isStaleAt(now));
  }
}
