// The ENRICH utilities on their own: a token budget, truncation tracking, versions and conflicts.
import {
  ConflictDetector,
  ContextUtilization,
  TruncationTracker,
  VersionMetadata,
  countTokens,
} from "@stageflow/enrich";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";

// A token budget: 1000 tokens, 200 held back for the answer.
const budget = new ContextUtilization({ maxTokens: 1_000, reservedTokens: 200 });
console.log(
  "fits 700:",
  budget.add(700),
  "- then 200 more:",
  budget.add(200),
  "- available:",
  budget.availableTokens,
);
console.log("utilization:", budget.utilization.toFixed(2), "near limit:", budget.isNearLimit);

// Truncation tracking; with a sink, each truncation is also a "context.truncation" event.
const sink = new RecordingEventSink();
const tracker = new TruncationTracker({ eventSink: sink });
const event = tracker.recordTruncation({
  originalTokens: 1_200,
  truncatedTokens: 800,
  strategy: "tail",
  contentType: "documents",
  reason: "budget",
});
console.log(
  `truncated: removed ${event.tokensRemoved}, preserved ${event.preservedRatio.toFixed(2)}; events: ${sink.types().join(", ")}`,
);

// Version metadata: `version` is optional (derived from the content's checksum when absent).
const clock = new FakeClock({ now: Date.UTC(2026, 0, 1) });
const meta = VersionMetadata.create({
  contentId: "doc:42",
  source: "vector-store",
  content: "Refunds take 5 days.",
  ttlSeconds: 60,
  clock,
});
console.log("version:", meta.version.startsWith("sha256:"), "stale now:", meta.isStale);
await clock.advance(61_000);
console.log("stale after 61 s:", meta.isStale, "age:", meta.ageSeconds);

// Conflicts between two writers of the same field, resolved per field.
const detector = new ConflictDetector({
  defaultStrategy: "keep_new",
  fieldStrategies: { tags: "merge", tier: "keep_old" },
});
for (const [field, oldValue, newValue] of [
  ["tags", ["vip"], ["beta"]],
  ["tier", "gold", "silver"],
  ["locale", "en", "fr"],
] as const) {
  const check = detector.checkAndResolve(field, oldValue, newValue);
  console.log(
    `${field}: conflict ${check.hasConflict}, ${check.resolution} -> ${JSON.stringify(check.mergedValue)}`,
  );
}

// Token counting is pluggable; the default is a fast heuristic, exact BPE counts are in "@stageflow/enrich/tokenizer".
console.log("tokens (heuristic):", countTokens("Stageflow runs pipelines of async stages."));
