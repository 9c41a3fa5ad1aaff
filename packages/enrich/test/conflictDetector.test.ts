import { InvalidOptionsError, isStageflowError } from "@stageflow/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConflictDetector, ConflictResolution, ContextConflictError } from "@stageflow/enrich";

describe("ConflictDetector", () => {
  describe("conflict detection", () => {
    it("sees no conflict when the field held nothing", () => {
      const check = new ConflictDetector().checkAndResolve("tier", undefined, "gold");
      expect(check).toEqual({
        hasConflict: false,
        field: "tier",
        oldValue: undefined,
        newValue: "gold",
        resolution: "none",
        mergedValue: "gold",
      });
    });

    it("treats deep-equal values as no conflict, whatever the key order", () => {
      const detector = new ConflictDetector({ defaultStrategy: "error" });
      const check = detector.checkAndResolve(
        "profile",
        { a: 1, b: [1, { c: 2 }] },
        { b: [1, { c: 2 }], a: 1 },
      );
      expect(check.hasConflict).toBe(false);
      expect(check.resolution).toBe("none");
      expect(detector.checkAndResolve("n", Number.NaN, Number.NaN).hasConflict).toBe(false);
      expect(detector.checkAndResolve("d", new Date(5), new Date(5)).hasConflict).toBe(false);
    });

    it("sees a conflict for different values, array order and extra keys", () => {
      const detector = new ConflictDetector();
      expect(detector.checkAndResolve("f", [1, 2], [2, 1]).hasConflict).toBe(true);
      expect(detector.checkAndResolve("f", { a: 1 }, { a: 1, b: 2 }).hasConflict).toBe(true);
      expect(detector.checkAndResolve("f", "1", 1).hasConflict).toBe(true);
      expect(detector.checkAndResolve("f", null, 0).hasConflict).toBe(true);
    });
  });

  describe("strategies", () => {
    it("keeps the old value with keep_old", () => {
      const check = new ConflictDetector({ defaultStrategy: ConflictResolution.KEEP_OLD }).checkAndResolve(
        "tier",
        "gold",
        "silver",
      );
      expect(check).toMatchObject({ hasConflict: true, resolution: "keep_old", mergedValue: "gold" });
    });

    it("takes the new value with keep_new, the default", () => {
      const detector = new ConflictDetector();
      expect(detector.defaultStrategy).toBe("keep_new");
      expect(detector.checkAndResolve("tier", "gold", "silver")).toMatchObject({
        resolution: "keep_new",
        mergedValue: "silver",
      });
    });

    it("throws a typed ContextConflictError with error", () => {
      const detector = new ConflictDetector({ defaultStrategy: "error" });
      let caught: unknown;
      try {
        detector.checkAndResolve("tier", "gold", "silver");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ContextConflictError);
      expect(isStageflowError(caught)).toBe(true);
      expect(caught).toMatchObject({
        code: "CONTEXT_CONFLICT",
        field: "tier",
        oldValue: "gold",
        newValue: "silver",
        name: "ContextConflictError",
      });
      expect((caught as Error).message).toMatch(/"tier".*strategy is "error"/);
    });

    it("returns the resolution instead of throwing when throwOnError is false, keeping the old value", () => {
      const check = new ConflictDetector({ defaultStrategy: "error", throwOnError: false }).checkAndResolve(
        "tier",
        "gold",
        "silver",
      );
      expect(check).toMatchObject({ hasConflict: true, resolution: "error", mergedValue: "gold" });
    });

    it("calls a custom resolver with the field and both values", () => {
      const seen: unknown[] = [];
      const detector = new ConflictDetector({
        defaultStrategy: (conflict) => {
          seen.push(conflict);
          return Math.max(conflict.oldValue as number, conflict.newValue as number);
        },
      });
      expect(detector.checkAndResolve("score", 3, 9)).toMatchObject({ resolution: "custom", mergedValue: 9 });
      expect(seen).toEqual([{ field: "score", oldValue: 3, newValue: 9 }]);
    });

    it("applies per-field strategies before the default", () => {
      const detector = new ConflictDetector({
        defaultStrategy: "keep_new",
        fieldStrategies: { tier: "keep_old", tags: "merge" },
      });
      expect(detector.checkAndResolve("tier", "gold", "silver").mergedValue).toBe("gold");
      expect(detector.checkAndResolve("tags", ["a"], ["b"]).mergedValue).toEqual(["a", "b"]);
      expect(detector.checkAndResolve("name", "Ada", "Grace").mergedValue).toBe("Grace");
    });

    it("applies dotted-path strategies to nested fields while merging objects", () => {
      const detector = new ConflictDetector({
        defaultStrategy: "merge",
        fieldStrategies: { "profile.tier": "keep_old" },
      });
      const merged = detector.checkAndResolve(
        "profile",
        { tier: "gold", name: "Ada" },
        { tier: "silver", name: "Grace" },
      ).mergedValue;
      expect(merged).toEqual({ tier: "gold", name: "Ada\nGrace" });
      expect(detector.strategyFor("profile.tier.level")).toBe("keep_old");
      expect(detector.strategyFor("other")).toBe("merge");
    });

    it("throws for a nested field under error while merging", () => {
      const detector = new ConflictDetector({
        defaultStrategy: "merge",
        fieldStrategies: { "profile.id": "error" },
      });
      expect(() => detector.checkAndResolve("profile", { id: 1 }, { id: 2 })).toThrow(
        expect.objectContaining({ field: "profile.id" }),
      );
    });
  });

  describe("merge", () => {
    const merge = new ConflictDetector({ defaultStrategy: "merge" });

    it("concatenates arrays without deep-equal duplicates, old items first", () => {
      const merged = merge.checkAndResolve(
        "docs",
        [{ id: 1 }, { id: 2 }],
        [{ id: 2 }, { id: 3 }, { id: 1 }],
      ).mergedValue;
      expect(merged).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    });

    it("merges plain objects recursively", () => {
      const merged = merge.checkAndResolve(
        "profile",
        { name: "Ada", prefs: { lang: "en", topics: ["math"] } },
        { plan: "pro", prefs: { tz: "UTC", topics: ["math", "poetry"] } },
      ).mergedValue;
      expect(merged).toEqual({
        name: "Ada",
        plan: "pro",
        prefs: { lang: "en", tz: "UTC", topics: ["math", "poetry"] },
      });
    });

    it("merges strings: keeps the one containing the other, else joins them with a newline", () => {
      expect(merge.checkAndResolve("s", "refund policy", "refund policy v2").mergedValue).toBe(
        "refund policy v2",
      );
      expect(merge.checkAndResolve("s", "full answer text", "answer").mergedValue).toBe("full answer text");
      expect(merge.checkAndResolve("s", "first", "second").mergedValue).toBe("first\nsecond");
    });

    it("takes the new value when the values cannot be merged", () => {
      expect(merge.checkAndResolve("n", 1, 2).mergedValue).toBe(2);
      expect(merge.checkAndResolve("n", ["a"], "a").mergedValue).toBe("a");
      expect(merge.checkAndResolve("n", { a: 1 }, null).mergedValue).toBeNull();
    });

    it("keeps every item of both arrays and no deep-equal duplicates", () => {
      // Round-trip through JSON text so -0 becomes 0, as it would for data that arrived as JSON.
      const items = fc
        .array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 8 })
        .map((v) => JSON.parse(JSON.stringify(v)) as unknown[]);
      fc.assert(
        fc.property(items, items, (a, b) => {
          const merged = merge.checkAndResolve("list", a, b).mergedValue as unknown[];
          if (!Array.isArray(merged)) return; // equal inputs: no conflict, old value kept
          for (const item of [...a, ...b]) expect(merged).toContainEqual(item);
          merged.forEach((item, i) => expect(merged.slice(i + 1)).not.toContainEqual(item));
        }),
        { numRuns: 200 },
      );
    });

    it("never mutates its inputs", () => {
      const value = fc.jsonValue({ maxDepth: 3 });
      fc.assert(
        fc.property(value, value, (a, b) => {
          const before = [JSON.stringify(a), JSON.stringify(b)];
          merge.checkAndResolve("field", a, b);
          expect([JSON.stringify(a), JSON.stringify(b)]).toEqual(before);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe("prototype pollution", () => {
    const attacks = [
      '{"__proto__": {"polluted": "yes"}}',
      '{"constructor": {"prototype": {"polluted": "yes"}}}',
      '{"prototype": {"polluted": "yes"}}',
      '{"nested": {"__proto__": {"polluted": "yes"}}}',
    ];

    it.each(attacks)("leaves Object.prototype untouched when merging %s", (attack) => {
      const detector = new ConflictDetector({ defaultStrategy: "merge" });
      const hostile = JSON.parse(attack) as Record<string, unknown>;
      const merged = detector.checkAndResolve("f", { nested: { safe: 1 }, keep: true }, hostile)
        .mergedValue as Record<string, unknown>;
      const again = detector.checkAndResolve("f", hostile, { nested: { safe: 2 } }).mergedValue as Record<
        string,
        unknown
      >;
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
      for (const out of [merged, again, merged.nested as Record<string, unknown>]) {
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
        expect(Object.keys(out)).not.toContain("__proto__");
        expect(Object.keys(out)).not.toContain("constructor");
        expect(Object.keys(out)).not.toContain("prototype");
      }
    });
  });

  describe("validation", () => {
    it("rejects unknown strategies and options, naming the closest option", () => {
      expect(() => new ConflictDetector({ defaultStrategy: "newest" as never })).toThrow(
        /unknown conflict strategy "newest"/,
      );
      expect(() => new ConflictDetector({ fieldStrategies: { tier: "keepold" as never } })).toThrow(
        InvalidOptionsError,
      );
      expect(() => new ConflictDetector({ default_strategy: "merge" } as never)).toThrow(
        /Did you mean "defaultStrategy"/,
      );
    });
  });
});
