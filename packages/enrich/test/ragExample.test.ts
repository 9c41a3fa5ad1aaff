// The README's RAG example, executed as written (with a fake search and model).
import { ContextSnapshot, Pipeline, StageKind, StageOutput, defineStage } from "@stageflow/core";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { expect, it } from "vitest";
import {
  ContextUtilizationKey,
  TokenizerKey,
  TruncationTrackerKey,
  VersionMetadata,
  contextEnrichment,
  countTokens,
  getEnrichments,
  versionArtifact,
} from "@stageflow/enrich";
import { defaultTokenizer } from "@stageflow/enrich/tokenizer";

const searchDocs = async (query: string): Promise<string[]> => [
  `Annual plans can be refunded within 30 days. (${query})`,
  "Monthly plans are not refunded, but you can cancel at any time. ".repeat(40),
];
const loadProfile = async (userId: string) => ({ id: userId, plan: "annual", topics: ["billing"] });
const callModel = async (prompt: string): Promise<string> => `answer based on ${prompt.length} characters`;

// --- README example starts here ---
const retrieve = defineStage({
  name: "retrieve",
  kind: StageKind.ENRICH,
  async execute(ctx) {
    const docs = await searchDocs(ctx.snapshot.inputText ?? "");
    const meta = VersionMetadata.create({
      contentId: "kb:refunds",
      source: "vector-store",
      content: docs,
      ttlSeconds: 3600,
      clock: ctx.clock,
    });
    return StageOutput.ok({ docs, topics: ["refunds"] }, { artifacts: [versionArtifact("docs", meta)] });
  },
});

const profile = defineStage({
  name: "profile",
  kind: StageKind.ENRICH,
  async execute(ctx) {
    const user = await loadProfile(ctx.snapshot.runId.userId ?? "anonymous");
    return { user, topics: user.topics };
  },
});

const answer = defineStage({
  name: "answer",
  kind: StageKind.TRANSFORM,
  async execute(ctx) {
    const enrichments = getEnrichments(ctx); // merged output of retrieve + profile
    const budget = ctx.get(ContextUtilizationKey);
    const tracker = ctx.get(TruncationTrackerKey);
    const tokenizer = ctx.get(TokenizerKey);

    const question = ctx.snapshot.inputText ?? "";
    budget.add(countTokens(question, tokenizer));

    const included: string[] = [];
    for (const doc of enrichments.get<string[]>("docs") ?? []) {
      const tokens = countTokens(doc, tokenizer);
      if (budget.add(tokens)) {
        included.push(doc);
        continue;
      }
      // Keep the head of the document that still fits, and record what was cut.
      const room = budget.availableTokens;
      const cut = doc.slice(0, Math.floor((doc.length * room) / tokens));
      const kept = countTokens(cut, tokenizer);
      budget.add(kept);
      tracker.recordTruncation({
        originalTokens: tokens,
        truncatedTokens: kept,
        strategy: "head",
        contentType: "documents",
        reason: "token budget",
      });
      included.push(cut);
    }
    return { text: await callModel([question, ...included].join("\n\n")), topics: enrichments.get("topics") };
  },
});

const rag = new Pipeline("rag")
  .withStage(retrieve)
  .withStage(profile)
  .withStage(answer, { dependsOn: [retrieve, profile] })
  .build();

const plugin = contextEnrichment({
  maxTokens: 400,
  reservedTokens: 100, // room for the model's answer
  tokenizer: defaultTokenizer,
  conflicts: { defaultStrategy: "keep_new", fieldStrategies: { topics: "merge" } },
});
// --- README example ends here ---

it("runs the README's RAG example", async () => {
  const sink = new RecordingEventSink();
  const clock = new FakeClock();
  const result = await rag.run(
    ContextSnapshot.create({ inputText: "Can I get a refund?", runId: { userId: "u1" } }),
    {
      plugins: [plugin],
      eventSink: sink,
      clock,
    },
  );
  expect(result.status).toBe("completed");
  expect(result.require<{ topics: string[] }>("answer").data.topics).toEqual(
    expect.arrayContaining(["refunds", "billing"]),
  );
  // The values the README shows.
  expect(result.enrichment?.budget).toMatchObject({
    maxTokens: 400,
    reservedTokens: 100,
    usedTokens: 299,
    availableTokens: 1,
  });
  expect(result.enrichment?.truncation).toMatchObject({
    eventCount: 1,
    totalTokensRemoved: 285,
    strategiesUsed: { head: 1 },
  });
  expect(result.enrichment?.conflicts).toEqual([
    { field: "topics", oldWriter: "retrieve", newWriter: "profile", resolution: "merge" },
  ]);
  expect(sink.types()).toEqual(
    expect.arrayContaining(["context.conflict", "context.near_limit", "context.truncation"]),
  );
});
