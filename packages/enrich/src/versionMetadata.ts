/**
 * @module `VersionMetadata`: where enrichment content came from, its SHA-256 checksum, and when it goes stale.
 */
import { InvalidOptionsError, assertKnownOptions, systemClock, type Clock } from "@stageflow/core";
import { stableStringify } from "./internal/plainData.js";
import { sha256Hex } from "./internal/sha256.js";

/** What {@link VersionMetadata.create} accepts. */
export interface VersionMetadataInit {
  /** Stable id of the content (`"doc:refund-policy"`, `"profile:u1"`). */
  readonly contentId: string;
  /** Where it came from (`"vector-store"`, `"crm"`). */
  readonly source: string;
  /** The content; strings are hashed as UTF-8, anything else as key-sorted JSON. */
  readonly content?: unknown;
  /** The version; derived from the checksum (`"sha256:" + first 12 hex digits`) when absent. */
  readonly version?: string | undefined;
  /** Seconds after creation when the content counts as stale; no expiry when absent. */
  readonly ttlSeconds?: number | undefined;
  /** Free-form labels. */
  readonly tags?: readonly string[] | undefined;
  /** When the content was fetched, in `clock.now()` milliseconds. @defaultValue `clock.now()` */
  readonly createdAt?: number | undefined;
  /** The clock `ageSeconds` and `isStale` read. @defaultValue `systemClock` */
  readonly clock?: Clock | undefined;
}

/** The JSON form of a {@link VersionMetadata}. */
export interface VersionMetadataJSON {
  /** Stable id of the content. */
  readonly contentId: string;
  /** Where it came from. */
  readonly source: string;
  /** Its version (explicit, or derived from the checksum). */
  readonly version: string;
  /** Hex SHA-256 of the content, `null` when created without content. */
  readonly checksum: string | null;
  /** Creation time in clock milliseconds. */
  readonly createdAt: number;
  /** Seconds until stale; `null` for no expiry. */
  readonly ttlSeconds: number | null;
  /** Free-form labels. */
  readonly tags: readonly string[];
}

const INIT_KEYS = [
  "contentId",
  "source",
  "content",
  "version",
  "ttlSeconds",
  "tags",
  "createdAt",
  "clock",
] as const;
const JSON_KEYS = ["contentId", "source", "version", "checksum", "createdAt", "ttlSeconds", "tags"] as const;

/**
 * SHA-256 of content as hashed by {@link VersionMetadata}: strings as UTF-8, other values as key-sorted JSON.
 * @param content - the content
 * @returns 64 lowercase hex digits
 */
export function contentChecksum(content: unknown): string {
  return sha256Hex(typeof content === "string" ? content : stableStringify(content));
}

function nonEmpty(where: string, name: string, value: unknown): string {
  if (typeof value !== "string" || value === "")
    throw new InvalidOptionsError(where, `${name} must be a non-empty string.`);
  return value;
}

function validated(where: string, json: Record<string, unknown>): VersionMetadataJSON {
  const ttl = json.ttlSeconds ?? null;
  if (ttl !== null && !(typeof ttl === "number" && ttl >= 0)) {
    throw new InvalidOptionsError(where, `ttlSeconds must be a number ≥ 0, got ${JSON.stringify(ttl)}.`);
  }
  const tags = json.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t): t is string => typeof t === "string"))
    throw new InvalidOptionsError(where, "tags must be an array of strings.");
  const checksum = json.checksum ?? null;
  if (checksum !== null && !(typeof checksum === "string" && /^[0-9a-f]{64}$/.test(checksum))) {
    throw new InvalidOptionsError(where, "checksum must be 64 lowercase hex digits or null.");
  }
  if (typeof json.createdAt !== "number" || !Number.isFinite(json.createdAt)) {
    throw new InvalidOptionsError(
      where,
      `createdAt must be a finite number of milliseconds, got ${String(json.createdAt)}.`,
    );
  }
  return {
    contentId: nonEmpty(where, "contentId", json.contentId),
    source: nonEmpty(where, "source", json.source),
    version: nonEmpty(where, "version", json.version),
    checksum,
    createdAt: json.createdAt,
    ttlSeconds: ttl,
    tags: Object.freeze([...tags]),
  };
}

/** True only while a factory of {@link VersionMetadata} runs its constructor. */
let constructing = false;

function construct<T>(make: () => T): T {
  constructing = true;
  try {
    return make();
  } finally {
    constructing = false;
  }
}

/**
 * Version, checksum and freshness of one piece of enrichment content. `version` is optional: without
 * it, the version is derived from the content's checksum, so identical content gets identical versions.
 * Age and staleness are read on a `Clock` (the run's clock inside a pipeline; a `FakeClock` in tests).
 * @example
 * ```ts
 * const meta = VersionMetadata.create({ contentId: "doc:42", source: "vector-store", content: text, ttlSeconds: 3600, clock: ctx.clock });
 * meta.version; // "sha256:9f86d081884c"
 * ```
 */
export class VersionMetadata implements VersionMetadataJSON {
  /** Stable id of the content. */
  readonly contentId: string;
  /** Where it came from. */
  readonly source: string;
  /** Its version: the one given, or `"sha256:"` plus the first 12 hex digits of the checksum. */
  readonly version: string;
  /** Hex SHA-256 of the content; `null` when created without content. */
  readonly checksum: string | null;
  /** Creation time in clock milliseconds. */
  readonly createdAt: number;
  /** Seconds after creation when it counts as stale; `null` for no expiry. */
  readonly ttlSeconds: number | null;
  /** Free-form labels (frozen). */
  readonly tags: readonly string[];
  readonly #clock: Clock;

  private constructor(json: VersionMetadataJSON, clock: Clock) {
    // Reachable from JavaScript, where `private` is not enforced: only the factories get this far.
    if (!constructing) {
      throw new InvalidOptionsError(
        "VersionMetadata",
        "build it with VersionMetadata.create({ contentId, source, content }) or VersionMetadata.fromJSON(json), not new.",
      );
    }
    this.contentId = json.contentId;
    this.source = json.source;
    this.version = json.version;
    this.checksum = json.checksum;
    this.createdAt = json.createdAt;
    this.ttlSeconds = json.ttlSeconds;
    this.tags = json.tags;
    this.#clock = clock;
    Object.freeze(this);
  }

  /**
   * Creates metadata, hashing `content` when given.
   * @param init - contentId, source, and optionally content, version, ttlSeconds, tags, createdAt, clock
   * @returns the metadata
   * @throws `InvalidOptionsError` for an unknown key, empty ids, a negative TTL, or neither `content` nor `version`
   */
  static create(init: VersionMetadataInit): VersionMetadata {
    const where = "VersionMetadata.create";
    assertKnownOptions(where, init, INIT_KEYS);
    if (init === undefined) throw new InvalidOptionsError(where, "contentId and source are required.");
    const hasContent = init.content !== undefined;
    if (!hasContent && init.version === undefined) {
      throw new InvalidOptionsError(
        where,
        "give the content (its checksum becomes the version) or an explicit version.",
      );
    }
    const checksum = hasContent ? contentChecksum(init.content) : null;
    const clock = init.clock ?? systemClock;
    const json = validated(where, {
      contentId: init.contentId,
      source: init.source,
      version: init.version ?? `sha256:${(checksum as string).slice(0, 12)}`,
      checksum,
      createdAt: init.createdAt ?? clock.now(),
      ttlSeconds: init.ttlSeconds,
      tags: init.tags,
    });
    return construct(() => new VersionMetadata(json, clock));
  }

  /**
   * Rebuilds metadata from `toJSON()` output.
   * @param json - the JSON object
   * @param clock - the clock to read age on @defaultValue `systemClock`
   * @returns the metadata
   * @throws `InvalidOptionsError` naming the bad field
   */
  static fromJSON(json: unknown, clock: Clock = systemClock): VersionMetadata {
    const where = "VersionMetadata.fromJSON";
    if (typeof json !== "object" || json === null || Array.isArray(json))
      throw new InvalidOptionsError(where, "expected an object.");
    assertKnownOptions(where, json, JSON_KEYS);
    const checked = validated(where, json as Record<string, unknown>);
    return construct(() => new VersionMetadata(checked, clock));
  }

  /** Seconds since creation on the metadata's clock. */
  get ageSeconds(): number {
    return this.ageSecondsAt(this.#clock.now());
  }

  /** True when a TTL is set and the age has reached it. */
  get isStale(): boolean {
    return this.isStaleAt(this.#clock.now());
  }

  /**
   * Age at a given time.
   * @param now - a time in the same clock's milliseconds
   * @returns seconds since creation (never negative)
   */
  ageSecondsAt(now: number): number {
    return Math.max(0, (now - this.createdAt) / 1000);
  }

  /**
   * Staleness at a given time.
   * @param now - a time in the same clock's milliseconds
   * @returns true when a TTL is set and the age at `now` is at least the TTL
   */
  isStaleAt(now: number): boolean {
    return this.ttlSeconds !== null && this.ageSecondsAt(now) >= this.ttlSeconds;
  }

  /**
   * Whether `content` is what this metadata was created from.
   * @param content - content to check
   * @returns true when its checksum matches (false when created without content)
   */
  matches(content: unknown): boolean {
    return this.checksum !== null && contentChecksum(content) === this.checksum;
  }

  /** @returns the plain JSON form (the clock is not serialised) */
  toJSON(): VersionMetadataJSON {
    return {
      contentId: this.contentId,
      source: this.source,
      version: this.version,
      checksum: this.checksum,
      createdAt: this.createdAt,
      ttlSeconds: this.ttlSeconds,
      tags: [...this.tags],
    };
  }
}
