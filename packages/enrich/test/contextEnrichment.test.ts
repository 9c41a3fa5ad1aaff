import { Pipeline, StageKind, StageOutput, defineStage } from "@stageflow/core";
import { RecordingEventSink, createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  ContextConflictError,
  ContextUtilizationKey,
  contextEnrichment,
  getEnrichments,
  heuristicTokenizer,
  type ConflictStrategy,
} from "@stageflow/enrich";
import { run, type User } from "./helpers/ragPipeline.js";

describe("contextEnrichment plugin: merging ENRICH outputs", () => {
  describe("merging two parallel ENRICH stages under each strategy", () => {
    const cases: Array<[string, ConflictStrategy, User]> = [
      ["keep_old", "keep_old", { name: "Ada", tier: "gold" }],
      ["keep_new", "keep_new", { name: "Ada", tier: "silver", lang: "en" }],
      ["merge", "merge", { name: "Ada", tier: "gold\nsilver", lang: "en" }],
      [
        "a custom function",
        ({ oldValue, newValue }) => ({ ...(newValue as User), tier: (oldValue as User).tier }),
        { name: "Ada", tier: "gold", lang: "en" },
      ],
    ];

    it.each(cases)(
      "resolves the overlapping field with %s and the downstream stage reads the result",
      async (_label, strategy, user) => {
        const { result, sink, seen } = await run({ conflicts: { fieldStrategies: { user: strategy } } });
        expect(result.status).toBe("completed");
        expect(seen).toHaveLength(1);
        expect(seen[0]?.user).toEqual(user);
        const conflicts = sink.ofType("context.conflict");
        expect(conflicts.map((e) => e.data.field)).toEqual(["user", "tags", "note"]);
        const resolution = typeof strategy === "function" ? "custom" : strategy;
        expect(conflicts[0]).toMatchObject({
          stage: "memory",
          data: {
            field: "user",
            oldWriter: "profile",
            newWriter: "memory",
            writers: ["profile", "memory"],
            resolution,
          },
        });
        expect(result.enrichment?.conflicts[0]).toEqual({
          field: "user",
          oldWriter: "profile",
          newWriter: "memory",
          resolution,
        });
      },
    );

    it("applies the default strategy to fields without their own", async () => {
      const { seen, result } = await run({
        conflicts: { defaultStrategy: "merge", fieldStrategies: { note: "keep_old" } },
      });
      expect(seen[0]).toMatchObject({ tags: ["vip", "returning"], note: "Prefers email." });
      expect(result.enrichment?.writers).toEqual({
        user: ["profile", "memory"],
        tags: ["profile", "memory"],
        note: ["profile"],
      });
    });

    it("stops the run on a conflict under error, naming both writers", async () => {
      const { result, sink, seen } = await run({ conflicts: { fieldStrategies: { user: "error" } } });
      expect(result.status).toBe("failed");
      expect(result.stages.answer?.status).toBe("cancel");
      expect(seen).toHaveLength(0);
      const [error] = result.enrichment?.errors ?? [];
      expect(error).toBeInstanceOf(ContextConflictError);
      expect(error).toMatchObject({ field: "user", oldWriter: "profile", newWriter: "memory" });
      expect(error?.message).toMatch(/"profile" wrote it, "memory" tried to overwrite it/);
      expect(sink.ofType("context.conflict")[0]?.data).toMatchObject({ field: "user", resolution: "error" });
      // The conflict is the run's failure too: in result.errors, throwIfFailed and the end event.
      expect(result.errors).toEqual([{ stage: "memory", error }]);
      expect(() => result.throwIfFailed()).toThrow(/"memory" \(.*"profile" wrote it/);
      expect(sink.ofType("pipeline.failed")[0]?.data.failures).toEqual([
        { stage: "memory", error: expect.objectContaining({ name: "ContextConflictError" }) },
      ]);
    });

    it("stops the run when a custom resolver throws, keeping the cause", async () => {
      const boom = new Error("resolver bug");
      const { result } = await run({
        conflicts: {
          fieldStrategies: {
            tags: () => {
              throw boom;
            },
          },
        },
      });
      expect(result.status).toBe("failed");
      expect(result.enrichment?.errors[0]).toMatchObject({ field: "tags", cause: boom });
    });

    it("reports no conflict when both writers agree", async () => {
      const same = defineStage({
        name: "a",
        kind: StageKind.ENRICH,
        execute: () => ({ locale: { lang: "en", region: "EU" } }),
      });
      const other = defineStage({
        name: "b",
        kind: StageKind.ENRICH,
        execute: () => ({ locale: { region: "EU", lang: "en" } }),
      });
      const sink = new RecordingEventSink();
      const result = await new Pipeline("agree")
        .withStage(same)
        .withStage(other)
        .run(createTestSnapshot(), {
          eventSink: sink,
          plugins: [contextEnrichment({ maxTokens: 10, conflicts: { defaultStrategy: "error" } })],
        });
      expect(result.status).toBe("completed");
      expect(sink.ofType("context.conflict")).toHaveLength(0);
      expect(result.enrichment?.writers.locale).toEqual(["a", "b"]);
    });
  });

  describe("enrichments visible to stages", () => {
    it("starts from the snapshot's enrichments, written by 'snapshot'", async () => {
      const { seen, result, sink } = await run(
        { conflicts: { defaultStrategy: "merge" } },
        { enrichments: { tags: ["from-request"], locale: "de" } },
      );
      expect(seen[0]).toMatchObject({ locale: "de", tags: ["from-request", "vip", "returning"] });
      expect(result.enrichment?.writers.tags).toEqual(["snapshot", "profile", "memory"]);
      expect(sink.ofType("context.conflict")[0]?.data).toMatchObject({
        field: "tags",
        oldWriter: "snapshot",
        newWriter: "profile",
      });
    });

    it("freezes what stages read, so one stage cannot change another's view", async () => {
      const writer = defineStage({
        name: "w",
        kind: StageKind.ENRICH,
        execute: () => ({ docs: [{ id: 1 }] }),
      });
      let mutated: unknown;
      const reader = defineStage({
        name: "r",
        execute(ctx) {
          const docs = getEnrichments(ctx).get<Array<{ id: number }>>("docs");
          try {
            docs?.push({ id: 2 });
          } catch (error) {
            mutated = error;
          }
          return getEnrichments(ctx).get("docs");
        },
      });
      const result = await new Pipeline("freeze")
        .withStage(writer)
        .withStage(reader, { dependsOn: [writer] })
        .run(createTestSnapshot(), {
          plugins: [contextEnrichment({ maxTokens: 10 })],
        });
      expect(mutated).toBeInstanceOf(TypeError);
      expect(result.require("r").data).toEqual([{ id: 1 }]);
    });

    it("stores non-object ENRICH data under the stage's name and ignores stages that did not complete", async () => {
      const list = defineStage({
        name: "retrieve",
        kind: StageKind.ENRICH,
        execute: () => ["doc-1", "doc-2"],
      });
      const skipped = defineStage({
        name: "cache",
        kind: StageKind.ENRICH,
        execute: () => StageOutput.skip("cold cache", { hit: true }),
      });
      const notEnrich = defineStage({
        name: "plain",
        kind: StageKind.TRANSFORM,
        execute: () => ({ other: 1 }),
      });
      const result = await new Pipeline("shapes")
        .withStage(list)
        .withStage(skipped)
        .withStage(notEnrich)
        .run(createTestSnapshot(), {
          plugins: [contextEnrichment({ maxTokens: 10 })],
        });
      expect(result.enrichment?.enrichments).toEqual({ retrieve: ["doc-1", "doc-2"] });
    });

    it("never writes __proto__, constructor or prototype from stage output into enrichments or Object.prototype", async () => {
      const hostile = defineStage({
        name: "hostile",
        kind: StageKind.ENRICH,
        execute: () =>
          JSON.parse(
            '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "profile": {"__proto__": {"polluted": 1}}}',
          ) as unknown,
      });
      const second = defineStage({
        name: "second",
        kind: StageKind.ENRICH,
        execute: () => JSON.parse('{"profile": {"name": "x", "__proto__": {"polluted": 2}}}') as unknown,
      });
      const result = await new Pipeline("pollute")
        .withStage(hostile)
        .withStage(second, { dependsOn: [hostile] })
        .run(createTestSnapshot(), {
          plugins: [contextEnrichment({ maxTokens: 10, conflicts: { defaultStrategy: "merge" } })],
        });
      expect(result.status).toBe("completed");
      expect(Object.prototype).not.toHaveProperty("polluted");
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(result.enrichment?.enrichments ?? {})).toEqual(["profile"]);
      expect(Object.keys(result.enrichment?.enrichments.profile as object)).toEqual(["name"]);
    });
  });

  describe("options", () => {
    it("validates options where they enter, naming the closest key", () => {
      expect(() => contextEnrichment({ maxTokens: 10, reserved_tokens: 1 } as never)).toThrow(
        /Did you mean "reservedTokens"/,
      );
      expect(() => contextEnrichment({ maxTokens: -5 })).toThrow(/maxTokens must be a whole number/);
      expect(() => contextEnrichment({ maxTokens: 10, reservedTokens: 20 })).toThrow(/exceeds maxTokens/);
      expect(() =>
        contextEnrichment({ maxTokens: 10, conflicts: { defaultStrategy: "latest" as never } }),
      ).toThrow(/unknown conflict strategy/);
      expect(() => contextEnrichment({ maxTokens: 10, tokenizer: {} as never })).toThrow(
        /tokenizer must have a count/,
      );
    });

    it("says to await the tokenizer when given a promise of one (an un-awaited loadTokenizer())", () => {
      const pending = Promise.resolve(heuristicTokenizer);
      expect(() => contextEnrichment({ maxTokens: 10, tokenizer: pending as never })).toThrow(
        "contextEnrichment: tokenizer is a Promise, not a tokenizer: await it first " +
          '(loadTokenizer() is async: tokenizer: await loadTokenizer("cl100k_base")).',
      );
    });

    it("reports the configured tokenizer", async () => {
      const words = { name: "words", count: (text: string) => text.split(" ").length };
      const { result } = await run({ tokenizer: words });
      expect(result.enrichment?.tokenizer).toBe("words");
    });

    it("leaves ctx.get failing clearly in runs without the plugin", async () => {
      const needsBudget = defineStage({
        name: "needs",
        execute: (ctx) => ctx.get(ContextUtilizationKey).maxTokens,
      });
      const result = await new Pipeline("no-plugin").withStage(needsBudget).run(createTestSnapshot());
      expect(result.stages.needs?.error?.message).toMatch(/context value "enrich.contextUtilization"/);
    });
  });
});
