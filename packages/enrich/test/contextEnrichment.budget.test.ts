import { Pipeline, StageOutput, StageKind, defineStage } from "@stageflow/core";
import { FakeClock, RecordingEventSink, createTestSnapshot } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  ContextUtilizationKey,
  VersionMetadata,
  contextEnrichment,
  getEnrichments,
  versionArtifact,
} from "@stageflow/enrich";
import { run } from "./helpers/ragPipeline.js";

describe("contextEnrichment plugin: budget, truncation and staleness", () => {
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
});
