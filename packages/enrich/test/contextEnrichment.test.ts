import { Pipeline, StageKind, StageOutput, defineStage, type StageContext } from "@stageflow/core";
import { FakeClock, RecordingEventSink, createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  ContextConflictError,
  ContextUtilizationKey,
  TokenizerKey,
  TruncationTrackerKey,
  VersionMetadata,
  contextEnrichment,
  countTokens,
  getEnrichments,
  versionArtifact,
  type ConflictStrategy,
  type ContextEnrichmentOptions,
} from "@stageflow/enrich";

interface User {
  readonly name: string;
  readonly tier: string;
  readonly lang?: string;
}

/** Two parallel ENRICH stages writing overlapping keys: `profile` settles at t=10, `memory` at t=20. */
function ragPipeline(seen: Array<Record<string, unknown>>) {
  const profile = defineStage({
    name: "profile",
    kind: StageKind.ENRICH,
    async execute(ctx) {
      await ctx.clock.sleep(10, ctx.signal);
      const user = { name: "Ada", tier: "gold" };
      const meta = VersionMetadata.create({
        contentId: "user:ada",
        source: "crm",
        content: user,
        ttlSeconds: 60,
        clock: ctx.clock,
      });
      return StageOutput.ok(
        { user, tags: ["vip"], note: "Prefers email." },
        { artifacts: [versionArtifact("user", meta)] },
      );
    },
  });
  const memory = defineStage({
    name: "memory",
    kind: StageKind.ENRICH,
    async execute(ctx) {
      await ctx.clock.sleep(20, ctx.signal);
      return {
        user: { name: "Ada", tier: "silver", lang: "en" },
        tags: ["returning", "vip"],
        note: "Asked about refunds.",
      };
    },
  });
  const answer = defineStage({
    name: "answer",
    kind: StageKind.TRANSFORM,
    execute(ctx: StageContext) {
      const enrichments = getEnrichments(ctx);
      const budget = ctx.get(ContextUtilizationKey);
      const tracker = ctx.get(TruncationTrackerKey);
      const tokenizer = ctx.get(TokenizerKey);
      seen.push({ ...enrichments.toObject() });
      const user = enrichments.get<User>("user");
      const prompt = `${user?.name} (${user?.tier}) ${JSON.stringify(enrichments.get("tags"))} ${String(enrichments.get("note"))}`;
      const documents = "Refunds are available within thirty days of purchase for annual plans. ".repeat(20);
      const promptTokens = countTokens(prompt, tokenizer);
      budget.add(promptTokens, { stage: ctx.stageName });
      const docTokens = countTokens(documents, tokenizer);
      const kept = Math.min(docTokens, budget.availableTokens);
      if (kept < docTokens) {
        tracker.recordTruncation({
          originalTokens: docTokens,
          truncatedTokens: kept,
          strategy: "tail",
          contentType: "documents",
          reason: "token budget",
          stage: ctx.stageName,
        });
      }
      budget.add(kept, { stage: ctx.stageName });
      return { promptTokens, kept };
    },
  });
  return new Pipeline("rag")
    .withStage(profile)
    .withStage(memory)
    .withStage(answer, { dependsOn: [profile, memory] })
    .build();
}

async function run(
  options: Partial<ContextEnrichmentOptions> = {},
  init: Parameters<typeof createTestSnapshot>[0] = {},
) {
  const seen: Array<Record<string, unknown>> = [];
  const sink = new RecordingEventSink();
  const clock = new FakeClock();
  const plugin = contextEnrichment({ maxTokens: 300, reservedTokens: 100, ...options });
  const running = ragPipeline(seen).run(createTestSnapshot(init), {
    eventSink: sink,
    clock,
    plugins: [plugin],
  });
  await clock.runAll();
  const result = await running;
  sink.assertWellFormed();
  return { result, sink, seen, clock };
}

describe("contextEnrichment plugin in a pipeline", () => {
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

  describe("budget and truncation", () => {
    it("spends the run's budget, records the truncation and emits near_limit, truncation and conflict events", async () => {
      const { result, sink } = await run({ conflicts: { defaultStrategy: "merge" } });
      const output = result.require<{ promptTokens: number; kept: number }>("answer").data;
      expect(output.promptTokens + output.kept).toBe(200);
      expect(result.enrichment?.budget).toMatchObject({
        maxTokens: 300,
        reservedTokens: 100,
        usedTokens: 200,
        availableTokens: 0,
        isAtLimit: true,
      });
      expect(result.enrichment?.truncation).toMatchObject({
        eventCount: 1,
        strategiesUsed: { tail: 1 },
        contentTypes: { documents: 1 },
      });
      const [truncation] = sink.ofType("context.truncation");
      expect(truncation).toMatchObject({
        stage: "answer",
        runId: result.runId,
        pipeline: "rag",
        data: { truncatedTokens: output.kept, strategy: "tail" },
      });
      const nearLimit = sink.ofType("context.near_limit");
      expect(nearLimit).toHaveLength(1);
      expect(nearLimit[0]).toMatchObject({
        stage: "answer",
        runId: result.runId,
        data: { isNearLimit: true },
      });
      expect(sink.types()).toEqual(
        expect.arrayContaining(["context.conflict", "context.truncation", "context.near_limit"]),
      );
      expect(sink.types().indexOf("context.conflict")).toBeLessThan(
        sink.types().indexOf("context.truncation"),
      );
    });

    it("gives each concurrent run its own budget and tracker from one shared plugin", async () => {
      const spend = defineStage({
        name: "spend",
        execute(ctx) {
          const budget = ctx.get(ContextUtilizationKey);
          budget.add(ctx.snapshot.input as number);
          return budget.usedTokens;
        },
      });
      const plugin = contextEnrichment({ maxTokens: 100 });
      const graph = new Pipeline("shared").withStage(spend).build();
      const [a, b] = await Promise.all([
        graph.run(createTestSnapshot({ input: 30 }), { plugins: [plugin] }),
        graph.run(createTestSnapshot({ input: 50 }), { plugins: [plugin] }),
      ]);
      expect(a?.enrichment?.budget.usedTokens).toBe(30);
      expect(b?.enrichment?.budget.usedTokens).toBe(50);
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

  describe("context.stale", () => {
    function staleGraph(readAfterMs: number) {
      const fetch = defineStage({
        name: "fetch",
        kind: StageKind.ENRICH,
        execute(ctx) {
          const meta = VersionMetadata.create({
            contentId: "doc:7",
            source: "kb",
            content: "policy",
            ttlSeconds: 60,
            clock: ctx.clock,
          });
          return StageOutput.ok(
            { policy: "policy", fresh: "x" },
            { artifacts: [versionArtifact("policy", meta)] },
          );
        },
      });
      const read = defineStage({
        name: "read",
        async execute(ctx) {
          await ctx.clock.sleep(readAfterMs, ctx.signal);
          const enrichments = getEnrichments(ctx);
          enrichments.get("policy");
          enrichments.get("policy");
          enrichments.get("fresh");
          return {
            stale: enrichments.isStale("policy"),
            versions: enrichments.versionsOf("policy").map((v) => v.contentId),
          };
        },
      });
      return new Pipeline("stale")
        .withStage(fetch)
        .withStage(read, { dependsOn: [fetch] })
        .build();
    }

    async function runStale(readAfterMs: number) {
      const sink = new RecordingEventSink();
      const clock = new FakeClock();
      const running = staleGraph(readAfterMs).run(createTestSnapshot(), {
        eventSink: sink,
        clock,
        plugins: [contextEnrichment({ maxTokens: 10 })],
      });
      await clock.runAll();
      return { result: await running, sink };
    }

    it("emits once per field and reader when a stage reads content past its TTL on the run's clock", async () => {
      const { result, sink } = await runStale(60_000);
      expect(result.require("read").data).toEqual({ stale: true, versions: ["doc:7"] });
      const stale = sink.ofType("context.stale");
      expect(stale).toHaveLength(1);
      expect(stale[0]).toMatchObject({
        stage: "read",
        timestamp: 60_000,
        data: {
          field: "policy",
          reader: "read",
          writers: ["fetch"],
          content: [{ contentId: "doc:7", source: "kb", ageSeconds: 60, ttlSeconds: 60 }],
        },
      });
    });

    it("stays quiet while the content is fresh", async () => {
      const { result, sink } = await runStale(59_999);
      expect(result.require("read").data).toMatchObject({ stale: false });
      expect(sink.ofType("context.stale")).toHaveLength(0);
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
