import {
  CallbackEventSink,
  ContextSnapshot,
  Pipeline,
  StageKind,
  StageOutput,
  defineStage,
} from "@stageflow/core";
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
import { callModel, loadProfile, searchDocs } from "./services.js"; // your vector store, profile store, model

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

const result = await rag.run(
  ContextSnapshot.create({ inputText: "Can I get a refund?", runId: { userId: "u1" } }),
  {
    plugins: [plugin],
    eventSink: new CallbackEventSink((event) => console.log(event.type, event.data)),
  },
);
console.log(result.enrichment?.budget); // { maxTokens: 400, reservedTokens: 100, usedTokens: 299, availableTokens: 1, … }
console.log(result.enrichment?.truncation); // { eventCount: 1, totalTokensRemoved: 285, strategiesUsed: { head: 1 }, … }
console.log(result.enrichment?.conflicts); // [{ field: "topics", oldWriter: "retrieve", newWriter: "profile", resolution: "merge" }]
