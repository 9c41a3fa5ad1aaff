/**
 * Property-based chaos: random DAGs of up to 300 stages with random faults, failure modes, retry and
 * random aborts. fast-check prints the seed and path of any failure, so it replays exactly
 * (`fc.assert(..., { seed, path })`).
 */
import {
  ContextSnapshot,
  Pipeline,
  StageOutput,
  TimeoutInterceptor,
  defineStage,
  type Interceptor,
  type Plugin,
} from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { FailureMode, failureTolerance } from "@stageflow/tolerance";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { driveToEnd } from "./faults.js";

type Behaviour = "ok" | "slow" | "throw" | "throwString" | "hang" | "skip" | "late";
const BEHAVIOURS: readonly Behaviour[] = [
  "ok",
  "ok",
  "ok",
  "slow",
  "slow",
  "throw",
  "throwString",
  "hang",
  "skip",
  "late",
];
const FAILS = new Set<Behaviour>(["throw", "throwString", "hang", "late"]);

const scenario = fc.integer({ min: 1, max: 300 }).chain((n) =>
  fc.record({
    deps: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        i === 0
          ? fc.constant<number[]>([])
          : fc.uniqueArray(fc.integer({ min: Math.max(0, i - 20), max: i - 1 }), { maxLength: 3 }),
      ),
    ),
    behaviours: fc.array(fc.constantFrom(...BEHAVIOURS), { minLength: n, maxLength: n }),
    mode: fc.constantFrom(FailureMode.FAIL_FAST, FailureMode.CONTINUE_ON_FAILURE, FailureMode.BEST_EFFORT),
    retry: fc.boolean(),
    abortAt: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  }),
);

describe("chaos", () => {
  it("keeps every promise on random DAGs with random faults, modes, retries and aborts", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ deps, behaviours, mode, retry, abortAt }) => {
        const n = behaviours.length;
        const names = behaviours.map((_, i) => `s${i}`);
        const pipeline = new Pipeline("chaos", {
          interceptors: [new TimeoutInterceptor({ timeoutMs: 500 })],
        });
        behaviours.forEach((b, i) => {
          const stage = defineStage({
            name: names[i] as string,
            execute: async (ctx) => {
              switch (b) {
                case "slow":
                  await ctx.clock.sleep(10 + (i % 40), ctx.signal);
                  return { i };
                case "throw":
                  throw new Error(`s${i} broke`);
                case "throwString":
                  throw `s${i} broke`;
                case "hang":
                  return new Promise(() => undefined);
                case "skip":
                  return StageOutput.skip("nothing to do");
                case "late":
                  await ctx.clock.sleep(2_000);
                  return { late: true };
                default:
                  return { i };
              }
            },
          });
          pipeline.withStage(stage, { dependsOn: (deps[i] as number[]).map((d) => names[d] as string) });
        });
        const clock = new FakeClock();
        const sink = new RecordingEventSink();
        const controller = new AbortController();
        if (abortAt !== undefined)
          clock.sleep(abortAt).then(
            () => controller.abort(),
            () => undefined,
          );
        const plugins: Plugin[] = [failureTolerance({ mode })];
        const interceptors: Interceptor[] = retry
          ? [new RetryInterceptor({ maxAttempts: 2, baseDelayMs: 50 })]
          : [];
        const pending = pipeline.run(ContextSnapshot.create(), {
          clock,
          eventSink: sink,
          plugins,
          interceptors,
          signal: controller.signal,
        });
        const { settled, result } = await driveToEnd(pending, clock, 100_000);
        expect(settled).toBe(true);
        expect(clock.pendingTimers).toBe(0);

        // Every stage settles exactly once, with one terminal event after at most one start.
        expect(Object.keys(result.stages)).toHaveLength(n);
        sink.assertWellFormed();
        const terminal = new Map<string, number>();
        const startedAt = new Map<string, number>();
        const settledAt = new Map<string, number>();
        sink.events.forEach((e, k) => {
          if (e.stage === undefined) return;
          if (e.type === "stage.started") {
            expect(startedAt.has(e.stage)).toBe(false);
            startedAt.set(e.stage, k);
          } else if (
            ["stage.completed", "stage.skipped", "stage.failed", "stage.cancelled"].includes(e.type)
          ) {
            terminal.set(e.stage, (terminal.get(e.stage) ?? 0) + 1);
            settledAt.set(e.stage, k);
          }
        });
        for (const name of names) expect(terminal.get(name)).toBe(1);

        // No stage starts before all of its dependencies settled.
        names.forEach((name, i) => {
          const start = startedAt.get(name);
          if (start === undefined) return;
          for (const d of deps[i] as number[]) expect(settledAt.get(names[d] as string)!).toBeLessThan(start);
        });

        // Under fail-fast nothing starts after the first failure is observed.
        const firstFailure = sink.events.findIndex((e) => e.type === "stage.failed");
        if (mode === FailureMode.FAIL_FAST && firstFailure >= 0) {
          expect(sink.events.slice(firstFailure).some((e) => e.type === "stage.started")).toBe(false);
        }

        // Without an abort, the modes' rules hold exactly.
        if (!controller.signal.aborted) {
          const failed = names.filter((nm) => result.stages[nm]!.status === "fail");
          names.forEach((name, i) => {
            const record = result.stages[name]!;
            if (record.attempts > 0 && FAILS.has(behaviours[i] as Behaviour))
              expect(record.status).toBe("fail");
            if (mode === FailureMode.CONTINUE_ON_FAILURE) {
              const blocked = (deps[i] as number[]).some((d) => {
                const dep = result.stages[names[d] as string]!;
                return (
                  dep.status === "fail" ||
                  (dep.status === "skip" && dep.attempts === 0 && /failed/.test(dep.reason ?? ""))
                );
              });
              expect(record.attempts === 0 && record.status === "skip").toBe(blocked);
            }
            if (mode === FailureMode.BEST_EFFORT) expect(record.attempts).toBeGreaterThan(0);
          });
          expect(result.status).toBe(failed.length > 0 ? "failed" : "completed");
        }
      }),
      { numRuns: 100 },
    );
  }, 180_000);
});
