import { Pipeline, StageOutput } from "@stageflow/core";
import { NonRetryableError, RetryExhaustedError, RetryInterceptor, TransientError } from "@stageflow/retry";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { passThrough, runVirtual, scripted, type Step } from "./helpers.js";

type Kind = "ok" | "transient" | "retryOutput" | "fatal" | "plain";

function toStep(kind: Kind, i: number): Step {
  switch (kind) {
    case "ok":
      return { value: { attempt: i + 1 } };
    case "transient":
      return new TransientError(`transient ${i + 1}`);
    case "retryOutput":
      return StageOutput.retry(`retry ${i + 1}`);
    case "fatal":
      return new NonRetryableError(`fatal ${i + 1}`);
    case "plain":
      return new Error(`plain ${i + 1}`);
  }
}

/** The kind of attempt n (0-based): the script's last step repeats. */
const kindAt = (kinds: readonly Kind[], n: number): Kind => kinds[Math.min(n, kinds.length - 1)] as Kind;
const isRetryable = (kind: Kind): boolean => kind === "transient" || kind === "retryOutput";

describe("RetryInterceptor (property)", () => {
  it("never exceeds maxAttempts, emits one event per retry, and ends consistently with the failure sequence", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Kind>("ok", "transient", "retryOutput", "fatal", "plain"), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        async (kinds, maxAttempts, r) => {
          const steps = kinds.map(toStep);
          const flaky = scripted("flaky", steps);
          const downstream = passThrough("after", "flaky");
          const pipeline = new Pipeline("prop")
            .withStage(flaky.stage)
            .withStage(downstream.stage, { dependsOn: ["flaky"] });
          const retry = new RetryInterceptor({
            maxAttempts,
            baseDelayMs: 50,
            maxDelayMs: 400,
            jitter: "full",
          });
          const { result, sink, clock } = await runVirtual(pipeline, {
            interceptors: [retry],
            random: () => r,
          });

          // The model: attempts run until a non-retryable kind or the budget.
          let expected = 0;
          while (expected < maxAttempts && (expected === 0 || isRetryable(kindAt(kinds, expected - 1))))
            expected++;
          const last = kindAt(kinds, expected - 1);
          const exhausted = isRetryable(last);

          const calls = flaky.calls.length;
          expect(calls).toBeLessThanOrEqual(maxAttempts);
          expect(calls).toBe(expected);
          expect(flaky.calls.map((c) => c.attempt)).toEqual(Array.from({ length: calls }, (_, i) => i + 1));
          expect(result.stages.flaky?.attempts).toBe(calls);

          const scheduled = sink.ofType("stage.retry_scheduled");
          expect(scheduled).toHaveLength(calls - 1);
          expect(scheduled.map((e) => e.data.attempt)).toEqual(
            Array.from({ length: calls - 1 }, (_, i) => i + 1),
          );
          for (const e of scheduled) {
            expect(e.data.delayMs).toBeGreaterThanOrEqual(0);
            expect(e.data.delayMs).toBeLessThanOrEqual(400);
          }
          // Each attempt started exactly when the previous wait ended, all in virtual time.
          const totalWait = scheduled.reduce((sum, e) => sum + e.data.delayMs, 0);
          expect(flaky.calls.at(-1)?.at).toBeCloseTo(totalWait, 6);
          expect(clock.pendingTimers).toBe(0);
          expect(sink.ofType("stage.retry_exhausted")).toHaveLength(exhausted ? 1 : 0);

          const record = result.stages.flaky;
          if (last === "ok") {
            expect(result.status).toBe("completed");
            expect(downstream.seen).toEqual([{ attempt: calls }]);
          } else {
            expect(result.status).toBe("failed");
            expect(record?.status).toBe("fail");
            expect(downstream.seen).toEqual([]);
            if (exhausted) {
              const error = record?.error as RetryExhaustedError;
              expect(error).toBeInstanceOf(RetryExhaustedError);
              expect(error.errors).toHaveLength(calls);
              expect(error.cause).toBe(error.errors.at(-1));
            } else {
              expect(record?.error?.message).toBe(`${last} ${Math.min(calls, kinds.length)}`);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
