// contextEnrichment(): a run-scoped token budget and tracker for stages, and merged ENRICH outputs.
import { ContextSnapshot, Pipeline, StageKind, defineStage } from "@stageflow/core";
import {
  ContextUtilizationKey,
  TruncationTrackerKey,
  contextEnrichment,
  countTokens,
  getEnrichments,
} from "@stageflow/enrich";
import { RecordingEventSink } from "@stageflow/testing";

// Two ENRICH stages write overlapping fields; their outputs merge into the run's enrichments.
const profile = defineStage({
  name: "profile",
  kind: StageKind.ENRICH,
  execute: () => ({ tier: "gold", tags: ["vip"] }),
});
const memory = defineStage({
  name: "memory",
  kind: StageKind.ENRICH,
  execute: () => ({ tier: "silver", tags: ["returning"] }),
});

const docs = [
  "Refunds are accepted within 30 days of delivery. ".repeat(8),
  "Shipping is free above 50 euros. ".repeat(8),
];

const prompt = defineStage({
  name: "prompt",
  execute: (ctx) => {
    // This run's budget and tracker, bound to its sink and viewed for this stage: their events name it.
    const budget = ctx.get(ContextUtilizationKey);
    const tracker = ctx.get(TruncationTrackerKey);
    const enrichments = getEnrichments(ctx);
    const kept: string[] = [];
    for (const doc of docs) {
      const tokens = countTokens(doc);
      if (budget.add(tokens)) {
        kept.push(doc);
        continue;
      }
      const room = budget.availableTokens;
      tracker.recordTruncation({
        originalTokens: tokens,
        truncatedTokens: room,
        strategy: "tail",
        contentType: "documents",
        reason: "budget",
      });
      budget.add(room);
    }
    return { tier: enrichments.get("tier"), tags: enrichments.get("tags"), docsKept: kept.length };
  },
});

const graph = new Pipeline("assistant")
  .withStage(profile)
  .withStage(memory, { dependsOn: [profile] })
  .withStage(prompt, { dependsOn: [memory] })
  .build();

const sink = new RecordingEventSink();
const result = await graph.run(ContextSnapshot.create(), {
  eventSink: sink,
  plugins: [
    contextEnrichment({
      maxTokens: 100,
      reservedTokens: 20,
      conflicts: { defaultStrategy: "keep_new", fieldStrategies: { tags: "merge" } },
    }),
  ],
});

console.log("prompt:", JSON.stringify(result.require("prompt").data));
const report = result.enrichment;
console.log(
  "budget:",
  report?.budget.usedTokens,
  "of",
  report?.budget.maxTokens,
  "- truncations:",
  report?.truncation.eventCount,
);
for (const c of report?.conflicts ?? []) console.log("conflict:", JSON.stringify(c));
console.log("events:", [...new Set(sink.types().filter((t) => t.startsWith("context.")))].join(", "));
const cut = sink.ofType("context.truncation")[0];
console.log("truncated by:", cut?.stage, "attempt", cut?.attempt);
