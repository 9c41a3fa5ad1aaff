/**
 * `createSampleEvents()` from `@stageflow/testing` stands for real events when testing a sink; its
 * `context.*` events must carry the data fields `@stageflow/enrich` really emits.
 */
import { ContextSnapshot, Pipeline, StageKind, StageOutput, defineStage } from "@stageflow/core";
import {
  ContextUtilizationKey,
  TruncationTrackerKey,
  VersionMetadata,
  contextEnrichment,
  getEnrichments,
  versionArtifact,
} from "@stageflow/enrich";
import { FakeClock, RecordingEventSink, createSampleEvents } from "@stageflow/testing";
import { describe, expect, it } from "vitest";

/** A run that emits each `context.*` event once: a conflict, stale content, a near-limit budget, a cut. */
async function enrichEvents(): Promise<RecordingEventSink> {
  const profile = defineStage({ name: "profile", kind: StageKind.ENRICH, execute: () => ({ tier: "gold" }) });
  const retrieve = defineStage({
    name: "retrieve",
    kind: StageKind.ENRICH,
    execute: (ctx) => {
      const docs = ["Refunds are accepted within 30 days."];
      const meta = VersionMetadata.create({
        contentId: "kb:refunds",
        source: "vector-store",
        content: docs,
        ttlSeconds: 1,
        clock: ctx.clock,
      });
      return StageOutput.ok({ tier: "silver", docs }, { artifacts: [versionArtifact("docs", meta)] });
    },
  });
  const answer = defineStage({
    name: "answer",
    execute: async (ctx) => {
      await ctx.clock.sleep(2_000, ctx.signal);
      getEnrichments(ctx).get("docs");
      ctx.get(ContextUtilizationKey).add(90);
      ctx.get(TruncationTrackerKey).recordTruncation({
        originalTokens: 50,
        truncatedTokens: 10,
        strategy: "tail",
        contentType: "documents",
        reason: "token budget",
      });
    },
  });
  const graph = new Pipeline("rag")
    .withStage(profile)
    .withStage(retrieve, { dependsOn: [profile] })
    .withStage(answer, { dependsOn: [retrieve] })
    .build();
  const clock = new FakeClock();
  const sink = new RecordingEventSink();
  const pending = graph.run(ContextSnapshot.create(), {
    clock,
    eventSink: sink,
    plugins: [contextEnrichment({ maxTokens: 100 })],
  });
  await clock.runAll();
  expect((await pending).status).toBe("completed");
  return sink;
}

/** The field names of a value at every depth, as sorted paths (`content[].ageSeconds`). */
function shape(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${path}[]`] : shape(value[0], `${path}[]`);
  if (typeof value !== "object" || value === null) return [path];
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return [path];
  return keys.flatMap((key) => shape((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
}

describe("createSampleEvents", () => {
  it("gives its context.* events the data fields @stageflow/enrich emits, a stage, and its attempt", async () => {
    const sink = await enrichEvents();
    const samples = createSampleEvents();
    for (const type of ["context.truncation", "context.conflict", "context.near_limit", "context.stale"]) {
      const real = sink.ofType(type)[0];
      const sample = samples.find((event) => event.type === type);
      expect(real, `a real ${type}`).toBeDefined();
      expect(shape(sample?.data), type).toEqual(shape(real?.data));
      expect(typeof sample?.stage, `${type} names a stage`).toBe(typeof real?.stage);
      expect(sample?.attempt, `${type} attempt`).toBe(real?.attempt);
    }
  });
});
