import { createHash } from "node:crypto";
import { InvalidOptionsError } from "@stageflow/core";
import { FakeClock } from "@stageflow/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VERSION_ARTIFACT_TYPE, VersionMetadata, contentChecksum, versionArtifact } from "@stageflow/enrich";

const nodeSha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

describe("VersionMetadata", () => {
  it("refuses new from JavaScript, where the constructor's privacy is not enforced, and names the factories", () => {
    const Ctor = VersionMetadata as unknown as new (json: object) => VersionMetadata;
    expect(() => new Ctor({ contentId: "doc", source: "kb" })).toThrow(InvalidOptionsError);
    expect(() => new Ctor({ contentId: "doc", source: "kb" })).toThrow(/VersionMetadata\.create\(/);
    expect(VersionMetadata.create({ contentId: "doc", source: "kb", content: "x" }).contentId).toBe("doc");
  });

  describe("create", () => {
    it("does not require a version: it derives one from the content's checksum", () => {
      const meta = VersionMetadata.create({ contentId: "doc:1", source: "kb", content: "abc" });
      expect(meta.checksum).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      expect(meta.version).toBe("sha256:ba7816bf8f01");
    });

    it("gives identical content identical versions and different content different ones", () => {
      const a = VersionMetadata.create({ contentId: "x", source: "s", content: "same text" });
      const b = VersionMetadata.create({ contentId: "y", source: "t", content: "same text" });
      const c = VersionMetadata.create({ contentId: "x", source: "s", content: "other text" });
      expect(a.version).toBe(b.version);
      expect(a.version).not.toBe(c.version);
    });

    it("keeps an explicit version and still checksums the content", () => {
      const meta = VersionMetadata.create({
        contentId: "doc:1",
        source: "kb",
        content: "abc",
        version: "v7",
      });
      expect(meta.version).toBe("v7");
      expect(meta.checksum).toBe(nodeSha256("abc"));
    });

    it("accepts a version without content, with a null checksum", () => {
      const meta = VersionMetadata.create({ contentId: "doc:1", source: "kb", version: "2024-06" });
      expect(meta.checksum).toBeNull();
      expect(meta.matches("anything")).toBe(false);
    });

    it("hashes structured content as key-sorted JSON, so key order does not change the checksum", () => {
      const a = VersionMetadata.create({
        contentId: "p",
        source: "crm",
        content: { name: "Ada", tier: "gold", tags: [1, 2] },
      });
      const b = VersionMetadata.create({
        contentId: "p",
        source: "crm",
        content: { tags: [1, 2], tier: "gold", name: "Ada" },
      });
      expect(a.checksum).toBe(b.checksum);
      expect(a.checksum).toBe(nodeSha256('{"name":"Ada","tags":[1,2],"tier":"gold"}'));
      expect(a.matches({ tier: "gold", tags: [1, 2], name: "Ada" })).toBe(true);
      expect(a.matches({ tier: "silver", tags: [1, 2], name: "Ada" })).toBe(false);
    });

    it("stores tags and TTL and freezes the instance", () => {
      const meta = VersionMetadata.create({
        contentId: "a",
        source: "b",
        content: "c",
        ttlSeconds: 60,
        tags: ["faq", "en"],
      });
      expect(meta.tags).toEqual(["faq", "en"]);
      expect(meta.ttlSeconds).toBe(60);
      expect(Object.isFrozen(meta)).toBe(true);
      expect(Object.isFrozen(meta.tags)).toBe(true);
    });

    it("requires content or a version, and names the fix", () => {
      expect(() => VersionMetadata.create({ contentId: "a", source: "b" })).toThrow(
        /give the content .* or an explicit version/,
      );
    });

    it.each([
      [{ contentId: "", source: "b", content: "c" }, /contentId must be a non-empty string/],
      [{ contentId: "a", source: "b", content: "c", ttlSeconds: -5 }, /ttlSeconds must be a number ≥ 0/],
      [{ contentId: "a", source: "b", content: "c", tags: "faq" }, /tags must be an array of strings/],
      [{ content_id: "a", source: "b", content: "c" }, /Did you mean "contentId"/],
    ])("rejects invalid input %#", (init, message) => {
      expect(() => VersionMetadata.create(init as never)).toThrow(InvalidOptionsError);
      expect(() => VersionMetadata.create(init as never)).toThrow(message);
    });
  });

  describe("SHA-256 checksum", () => {
    it("matches the published test vectors", () => {
      expect(contentChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      expect(contentChecksum("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
      );
    });

    it("agrees with node:crypto on any text, including multi-byte characters and block boundaries", () => {
      fc.assert(
        fc.property(
          fc.string({ unit: "grapheme", maxLength: 300 }),
          (text) => contentChecksum(text) === nodeSha256(text),
        ),
        { numRuns: 300 },
      );
      for (const n of [55, 56, 63, 64, 65, 119, 120, 1000])
        expect(contentChecksum("é".repeat(n))).toBe(nodeSha256("é".repeat(n)));
    });
  });

  describe("age and staleness on the clock", () => {
    it("ages in virtual time and goes stale exactly at its TTL", async () => {
      const clock = new FakeClock({ now: 10_000 });
      const meta = VersionMetadata.create({
        contentId: "a",
        source: "b",
        content: "c",
        ttlSeconds: 30,
        clock,
      });
      expect(meta.createdAt).toBe(10_000);
      expect(meta.ageSeconds).toBe(0);
      await clock.advance(29_999);
      expect(meta.ageSeconds).toBeCloseTo(29.999);
      expect(meta.isStale).toBe(false);
      await clock.advance(1);
      expect(meta.isStale).toBe(true);
    });

    it("never goes stale without a TTL", () => {
      const meta = VersionMetadata.create({
        contentId: "a",
        source: "b",
        content: "c",
        createdAt: 0,
        clock: new FakeClock(),
      });
      expect(meta.isStaleAt(Number.MAX_SAFE_INTEGER)).toBe(false);
    });

    it("answers for any instant with ageSecondsAt and isStaleAt", () => {
      const meta = VersionMetadata.create({
        contentId: "a",
        source: "b",
        version: "1",
        createdAt: 1000,
        ttlSeconds: 2,
      });
      expect(meta.ageSecondsAt(4000)).toBe(3);
      expect(meta.ageSecondsAt(0)).toBe(0);
      expect(meta.isStaleAt(2999)).toBe(false);
      expect(meta.isStaleAt(3000)).toBe(true);
    });
  });

  describe("JSON", () => {
    it("round-trips through toJSON and fromJSON, rebinding the clock", () => {
      const clock = new FakeClock({ now: 500 });
      const meta = VersionMetadata.create({
        contentId: "a",
        source: "b",
        content: "c",
        ttlSeconds: 1,
        tags: ["t"],
        clock,
      });
      const json = JSON.parse(JSON.stringify(meta)) as unknown;
      expect(json).toEqual({
        contentId: "a",
        source: "b",
        version: meta.version,
        checksum: meta.checksum,
        createdAt: 500,
        ttlSeconds: 1,
        tags: ["t"],
      });
      const later = new FakeClock({ now: 2500 });
      const copy = VersionMetadata.fromJSON(json, later);
      expect(copy.toJSON()).toEqual(meta.toJSON());
      expect(copy.ageSeconds).toBe(2);
      expect(copy.isStale).toBe(true);
    });

    it.each([
      [null, /expected an object/],
      [
        {
          contentId: "a",
          source: "b",
          version: "1",
          checksum: "xyz",
          createdAt: 0,
          ttlSeconds: null,
          tags: [],
        },
        /checksum must be 64 lowercase hex/,
      ],
      [
        {
          contentId: "a",
          source: "b",
          version: "1",
          checksum: null,
          createdAt: "yesterday",
          ttlSeconds: null,
          tags: [],
        },
        /createdAt must be a finite number/,
      ],
      [
        { contentId: "a", source: "b", version: "1", checksum: null, createdAt: 0, ttl: 5 },
        /unknown option "ttl"/,
      ],
    ])("rejects malformed JSON %#", (json, message) => {
      expect(() => VersionMetadata.fromJSON(json)).toThrow(message);
    });
  });

  describe("versionArtifact", () => {
    it("packs a field's metadata as a JSON artifact for StageOutput", () => {
      const meta = VersionMetadata.create({ contentId: "a", source: "b", content: "c", createdAt: 0 });
      expect(versionArtifact("docs", meta)).toEqual({
        type: VERSION_ARTIFACT_TYPE,
        payload: { field: "docs", metadata: meta.toJSON() },
      });
    });
  });
});
