/**
 * @module A RAG pipeline for the plugin's tests: two parallel ENRICH stages writing overlapping keys and a
 * TRANSFORM stage that reads the merged enrichments, spends the budget and records a truncation.
 */
import { Pipeline, StageKind, StageOutput, defineStage, type StageContext } from "@stageflow/core";
import { FakeClock, RecordingEventSink, createTestSnapshot } from "@stageflow/testing";
import {
  ContextUtilizationKey,
  TokenizerKey,
  TruncationTrackerKey,
  VersionMetadata,
  contextEnrichment,
  countTokens,
  getEnrichments,
  versionArtifact,
  type ContextEnrichmentOptions,
} from "@stageflow/enrich";

export interface User {
  readonly name: string;
  readonly tier: string;
  readonly lang?: string;
}

/** Two parallel ENRICH stages writing overlapping keys: `profile` settles at t=10, `memory` at t=20. */
export function ragPipeline(seen: Array<Record<string, unknown>>) {
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
      budget.add(promptTokens);
      const docTokens = countTokens(documents, tokenizer);
      const kept = Math.min(docTokens, budget.availableTokens);
      if (kept < docTokens) {
        tracker.recordTruncation({
          originalTokens: docTokens,
          truncatedTokens: kept,
          strategy: "tail",
          contentType: "documents",
          reason: "token budget",
        });
      }
      budget.add(kept);
      return { promptTokens, kept };
    },
  });
  return new Pipeline("rag")
    .withStage(profile)
    .withStage(memory)
    .withStage(answer, { dependsOn: [profile, memory] })
    .build();
}

export async function run(
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
