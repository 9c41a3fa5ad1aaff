/**
 * A retried stage's token budget: what a failed attempt spent is given back, so the budget counts only
 * what can end up in the final context (real pipelines, `RetryInterceptor`, virtual clock).
 */
import { ContextSnapshot, Pipeline, defineStage, type AnyStage, type Plugin } from "@stageflow/core";
import { ContextUtilizationKey, contextEnrichment, type ContextUtilization } from "@stageflow/enrich";
import { RetryInterceptor, TransientError } from "@stageflow/retry";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { FailureMode, failureTolerance } from "@stageflow/tolerance";
import { describe, expect, it } from "vitest";

/** A stage that spends `tokens` of the run's budget and reports what `add` answered. */
function spender(name: string, tokens: number): AnyStage {
  return defineStage({
    name,
    execute: (ctx) => {
      const budget = ctx.get(ContextUtilizationKey);
      return { ok: budget.add(tokens), used: budget.usedTokens };
    },
  });
}

/**
 * `a` and `b` spend 30 each of 100; `c`, after them, runs `attemptBody` under a retry of 2 attempts;
 * `d` runs after `c` when given. Returns the result and the events.
 */
async function run(
  attemptBody: (budget: ContextUtilization, attempt: number) => unknown,
  options: { readonly d?: AnyStage; readonly plugins?: readonly Plugin[] } = {},
) {
  const c = defineStage({
    name: "c",
    execute: (ctx) => attemptBody(ctx.get(ContextUtilizationKey), ctx.attempt),
  });
  const pipeline = new Pipeline("budget")
    .withStage(spender("a", 30))
    .withStage(spender("b", 30))
    .withStage(c, {
      dependsOn: ["a", "b"],
      interceptors: [new RetryInterceptor({ maxAttempts: 2, baseDelayMs: 1_000, jitter: "none" })],
    });
  if (options.d !== undefined) pipeline.withStage(options.d, { dependsOn: ["c"] });
  const clock = new FakeClock();
  const sink = new RecordingEventSink();
  const running = pipeline.run(ContextSnapshot.create(), {
    clock,
    eventSink: sink,
    plugins: [contextEnrichment({ maxTokens: 100 }), ...(options.plugins ?? [])],
  });
  await clock.runAll();
  return { result: await running, sink };
}

/** Spends 40, then fails retryably on attempt 1; attempt 2 spends 40 again and succeeds. */
const spendThenFailOnce = (budget: ContextUtilization, attempt: number) => {
  const available = budget.availableTokens;
  const ok = budget.add(40);
  if (attempt === 1) throw new TransientError("model overloaded");
  return { available, ok, used: budget.usedTokens };
};

describe("a retried stage's token budget", () => {
  it("gives a failed attempt's tokens back, so the next attempt can spend them", async () => {
    const { result, sink } = await run(spendThenFailOnce);
    expect(result.status).toBe("completed");
    expect(result.stages.c?.attempts).toBe(2);
    expect(result.require("c").data).toEqual({ available: 40, ok: true, used: 100 });
    expect(result.enrichment?.budget.usedTokens).toBe(100);
    // Each attempt crossed the near-limit ratio once; the events say which attempt.
    expect(sink.ofType("context.near_limit").map((e) => [e.stage, e.attempt, e.data.usedTokens])).toEqual([
      ["c", 1, 100],
      ["c", 2, 100],
    ]);
  });

  it("gives a failed attempt's tokens back when the stage settles, also if the next attempt spends none", async () => {
    const { result } = await run(
      (budget, attempt) => {
        if (attempt === 1) {
          budget.add(40);
          throw new TransientError("model overloaded");
        }
        return "cached answer";
      },
      { d: spender("d", 40) },
    );
    expect(result.status).toBe("completed");
    // d starts after c settled: attempt 1's 40 tokens are free again.
    expect(result.require("d").data).toEqual({ ok: true, used: 100 });
    expect(result.enrichment?.budget.usedTokens).toBe(100);
  });

  it("gives back everything a stage spent when it ends failed, for the stages that run on", async () => {
    const { result } = await run(
      (budget) => {
        budget.add(40);
        throw new TransientError("model overloaded");
      },
      { d: spender("d", 40), plugins: [failureTolerance({ mode: FailureMode.BEST_EFFORT })] },
    );
    expect(result.stages.c?.status).toBe("fail");
    expect(result.stages.c?.attempts).toBe(2);
    expect(result.require("d").data).toEqual({ ok: true, used: 100 });
    expect(result.enrichment?.budget.usedTokens).toBe(100);
  });

  it("keeps what the successful attempt spent, and what other stages spent", async () => {
    const { result } = await run((budget) => ({ ok: budget.add(40) }), { d: spender("d", 1) });
    expect(result.stages.c?.attempts).toBe(1);
    expect(result.require("d").data).toEqual({ ok: false, used: 100 });
    expect(result.enrichment?.budget.usedTokens).toBe(100);
  });
});
