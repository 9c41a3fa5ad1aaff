/**
 * @module The plugin's services are viewed per stage: events name the calling stage and attempt
 * without the stage passing itself, while tokens and records stay shared by the run.
 */
import { ContextSnapshot, Pipeline, StageKind, StageOutput, defineStage } from "@stageflow/core";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import {
  ContextUtilizationKey,
  EnrichmentsKey,
  TruncationTrackerKey,
  VersionMetadata,
  contextEnrichment,
  versionArtifact,
} from "@stageflow/enrich";

const cut = { originalTokens: 50, truncatedTokens: 10, strategy: "tail", contentType: "documents" } as const;

/** `retrieve` and `answer` spend 40 tokens each of 100 and truncate once each, passing no stage. */
async function twoSpenders(answerOptions?: { readonly stage: string }) {
  const spender = (name: string, dependsOn: string[]) =>
    [
      defineStage({
        name,
        execute: (ctx) => {
          const budget = ctx.get(ContextUtilizationKey);
          const tracker = ctx.get(TruncationTrackerKey);
          const same = budget === ctx.get(ContextUtilizationKey) && tracker === ctx.get(TruncationTrackerKey);
          const options = name === "answer" ? answerOptions : undefined;
          budget.add(40, options);
          tracker.recordTruncation({ ...cut, reason: `cut by ${name}`, ...options });
          return { same, usedAfter: budget.usedTokens };
        },
      }),
      { dependsOn },
    ] as const;
  const sink = new RecordingEventSink();
  const result = await new Pipeline("rag")
    .withStage(...spender("retrieve", []))
    .withStage(...spender("answer", ["retrieve"]))
    .run(ContextSnapshot.create(), { eventSink: sink, plugins: [contextEnrichment({ maxTokens: 100 })] });
  return { result, sink };
}

describe("contextEnrichment: services viewed per stage", () => {
  it("names the calling stage and attempt on context.near_limit and context.truncation", async () => {
    const { result, sink } = await twoSpenders();
    expect(result.status).toBe("completed");
    expect(sink.ofType("context.near_limit").map((e) => [e.stage, e.attempt])).toEqual([["answer", 1]]);
    expect(sink.ofType("context.truncation").map((e) => [e.stage, e.attempt, e.data.reason])).toEqual([
      ["retrieve", 1, "cut by retrieve"],
      ["answer", 1, "cut by answer"],
    ]);
    // A sink's per-stage view now finds them.
    expect(sink.forStage("answer").map((e) => e.type)).toEqual(
      expect.arrayContaining(["context.near_limit", "context.truncation"]),
    );
  });

  it("shares the run's tokens and records between the stages' views, one view per attempt", async () => {
    const { result } = await twoSpenders();
    expect(result.require("retrieve").data).toEqual({ same: true, usedAfter: 40 });
    expect(result.require("answer").data).toEqual({ same: true, usedAfter: 80 });
    expect(result.enrichment?.budget.usedTokens).toBe(80);
    expect(result.enrichment?.truncation.eventCount).toBe(2);
  });

  it("lets an explicit stage win, with no attempt when it names another stage", async () => {
    const { sink } = await twoSpenders({ stage: "assembler" });
    expect(sink.ofType("context.near_limit").map((e) => [e.stage, e.attempt])).toEqual([
      ["assembler", undefined],
    ]);
    expect(sink.ofType("context.truncation").map((e) => [e.stage, e.attempt])).toEqual([
      ["retrieve", 1],
      ["assembler", undefined],
    ]);
  });

  it("names the reading stage on context.stale when it reads through ctx.get(EnrichmentsKey)", async () => {
    const fetch = defineStage({
      name: "fetch",
      kind: StageKind.ENRICH,
      execute: (ctx) => {
        const meta = VersionMetadata.create({
          contentId: "doc:7",
          source: "kb",
          content: "policy",
          ttlSeconds: 1,
          clock: ctx.clock,
        });
        return StageOutput.ok({ policy: "policy" }, { artifacts: [versionArtifact("policy", meta)] });
      },
    });
    const read = defineStage({
      name: "read",
      execute: async (ctx) => {
        await ctx.clock.sleep(5_000, ctx.signal);
        return ctx.get(EnrichmentsKey).get("policy");
      },
    });
    const clock = new FakeClock();
    const sink = new RecordingEventSink();
    const running = new Pipeline("stale")
      .withStage(fetch)
      .withStage(read, { dependsOn: [fetch] })
      .run(ContextSnapshot.create(), {
        clock,
        eventSink: sink,
        plugins: [contextEnrichment({ maxTokens: 10 })],
      });
    await clock.runAll();
    expect((await running).status).toBe("completed");
    expect(sink.ofType("context.stale").map((e) => [e.stage, e.data.reader])).toEqual([["read", "read"]]);
  });
});
