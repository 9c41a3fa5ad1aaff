/**
 * An attempt whose signal aborts counts neither way and gives its half-open probe back at once, even
 * when the stage ignores its signal and the run gives up on it after `abortGraceMs`.
 */
import { defineStage, Pipeline, type PipelineResult, type StageGraph } from "@stageflow/core";
import { JitterStrategy, RetryInterceptor, TransientError } from "@stageflow/retry";
import { createTestSnapshot, FakeClock } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitBreakerInterceptor, CircuitState } from "../src/index.js";

/** A dependency call that hangs (ignoring its signal) while `service.hang`, then fails or succeeds. */
function serviceStage(service: { hang: boolean; healthy: boolean; late?: (error: Error) => void }) {
  return defineStage({
    name: "search",
    execute: () => {
      if (service.hang) return new Promise<never>((_, reject) => (service.late = reject));
      if (!service.healthy) throw new TransientError("search: upstream returned 503");
      return { answer: 42 };
    },
  });
}

/** Runs `graph`, aborts its signal once the stage is running, and lets the grace period pass. */
async function runAndAbandon(graph: StageGraph, clock: FakeClock): Promise<PipelineResult> {
  const controller = new AbortController();
  const running = graph.run(createTestSnapshot(), { clock, signal: controller.signal, abortGraceMs: 10 });
  await clock.settle();
  controller.abort(new Error("client left"));
  await clock.advance(10);
  return running;
}

describe("CircuitBreakerInterceptor and abandoned attempts", () => {
  it("gives back a half-open probe held by an abandoned attempt, so the next run can probe", async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 100 });
    breaker.recordFailure("search", { now: 0, probe: false });
    await clock.advance(100);
    const service = { hang: true, healthy: true };
    const graph = new Pipeline("p", { interceptors: [new CircuitBreakerInterceptor({ breaker })] })
      .withStage(serviceStage(service))
      .build();

    expect((await runAndAbandon(graph, clock)).status).toBe("cancelled");
    expect(breaker.stateOf("search")).toBe(CircuitState.HALF_OPEN);

    service.hang = false;
    const next = graph.run(createTestSnapshot(), { clock });
    await clock.runAll();
    expect((await next).status).toBe("completed");
    expect(breaker.stateOf("search")).toBe(CircuitState.CLOSED);
  });

  it("does not count the late failure of an abandoned attempt", async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const service = { hang: true, healthy: true } as Parameters<typeof serviceStage>[0];
    const graph = new Pipeline("p", { interceptors: [new CircuitBreakerInterceptor({ breaker })] })
      .withStage(serviceStage(service))
      .build();
    expect((await runAndAbandon(graph, clock)).status).toBe("cancelled");
    expect(service.late).toBeTypeOf("function");
    service.late?.(new TransientError("search: upstream returned 503, long after"));
    await clock.settle();
    expect(breaker.failuresOf("search")).toBe(0);
    expect(breaker.stateOf("search")).toBe(CircuitState.CLOSED);
  });

  it("gives the probe back when the breaker sits inside a retry", async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 100 });
    breaker.recordFailure("search", { now: 0, probe: false });
    await clock.advance(100);
    const service = { hang: true, healthy: true };
    const graph = new Pipeline("p", {
      interceptors: [
        new RetryInterceptor({ maxAttempts: 3, baseDelayMs: 10, jitter: JitterStrategy.NONE }),
        new CircuitBreakerInterceptor({ breaker }),
      ],
    })
      .withStage(serviceStage(service))
      .build();
    expect((await runAndAbandon(graph, clock)).status).toBe("cancelled");
    service.hang = false;
    const next = graph.run(createTestSnapshot(), { clock });
    await clock.runAll();
    expect((await next).status).toBe("completed");
    expect(breaker.stateOf("search")).toBe(CircuitState.CLOSED);
  });
});
