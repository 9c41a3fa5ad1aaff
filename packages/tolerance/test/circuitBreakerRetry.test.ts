/**
 * A breaker inside a retry: once the circuit opens, the retry stops at once (no backoff wait), and
 * every `CircuitOpenError` carries the failure behind the open circuit as its `cause`; a throwing
 * `isFailure` ends the stage without losing its own error.
 */
import {
  defineStage,
  OptionCallbackError,
  Pipeline,
  type PipelineResult,
  type StageGraph,
} from "@stageflow/core";
import { RateLimitError, RetryInterceptor } from "@stageflow/retry";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitBreakerInterceptor, CircuitOpenError, CircuitState } from "../src/index.js";

/** A stage whose service answers 429 with `Retry-After: 10 s` until `service.healthy`. */
function rateLimited(service: { calls: number; healthy?: boolean }) {
  return defineStage({
    name: "llm",
    execute: () => {
      service.calls++;
      if (service.healthy === true) return { text: "hello" };
      throw new RateLimitError(`429 on call ${service.calls}`, { retryAfterMs: 10_000 });
    },
  });
}

function retried(stage: ReturnType<typeof rateLimited>, breaker: CircuitBreaker): StageGraph {
  return new Pipeline("p", {
    interceptors: [new RetryInterceptor({ maxAttempts: 4 }), new CircuitBreakerInterceptor({ breaker })],
  })
    .withStage(stage)
    .build();
}

async function run(graph: StageGraph, clock: FakeClock, sink?: RecordingEventSink): Promise<PipelineResult> {
  const running = graph.run(createTestSnapshot(), {
    clock,
    ...(sink === undefined ? {} : { eventSink: sink }),
  });
  await clock.runAll();
  return running;
}

describe("CircuitBreakerInterceptor inside RetryInterceptor", () => {
  it("stops retrying as soon as the circuit opens, keeping the failure that opened it as the cause", async () => {
    const clock = new FakeClock();
    const sink = new RecordingEventSink();
    const service = { calls: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 2, halfOpenAfterMs: 30_000 });
    const result = await run(retried(rateLimited(service), breaker), clock, sink);

    expect(service.calls).toBe(2);
    // One wait, between attempts 1 and 2; none after the circuit opened on attempt 2.
    expect(clock.now()).toBe(10_000);
    expect(sink.ofType("stage.retry_scheduled")).toHaveLength(1);
    expect(sink.ofType("circuit.opened")).toHaveLength(1);
    expect(result.status).toBe("failed");
    const error = result.errors[0]?.error;
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ stage: "llm", key: "llm", ran: true, retryAfterMs: 30_000 });
    expect(error?.cause).toBeInstanceOf(RateLimitError);
    expect((error?.cause as Error).message).toBe("429 on call 2");
    expect(error?.message).toContain("RateLimitError: 429 on call 2");
    expect(result.stages.llm).toMatchObject({ status: "fail", attempts: 2 });
    sink.assertWellFormed();
  });

  it("refuses later calls with a CircuitOpenError whose cause is the error that opened the circuit", async () => {
    const clock = new FakeClock();
    const service = { calls: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 2, halfOpenAfterMs: 30_000 });
    const graph = retried(rateLimited(service), breaker);
    await run(graph, clock);
    await clock.advance(10_000);
    const refused = await run(graph, clock);

    expect(service.calls).toBe(2);
    const error = refused.stages.llm?.error;
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ ran: false, retryAfterMs: 20_000 });
    expect((error?.cause as Error).message).toBe("429 on call 2");
    expect(error?.message).toContain("it opened on RateLimitError: 429 on call 2");
  });

  it("answers a failed half-open probe the same way, and forgets the cause once the circuit closes", async () => {
    const clock = new FakeClock();
    const service: { calls: number; healthy?: boolean } = { calls: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 2, halfOpenAfterMs: 30_000 });
    const graph = retried(rateLimited(service), breaker);
    await run(graph, clock);
    await clock.advance(30_000);

    const probe = await run(graph, clock);
    expect(service.calls).toBe(3);
    expect(probe.stages.llm?.error).toMatchObject({ name: "CircuitOpenError", ran: true });
    expect((probe.stages.llm?.error?.cause as Error).message).toBe("429 on call 3");
    expect(breaker.stateOf("llm")).toBe(CircuitState.OPEN);

    await clock.advance(30_000);
    service.healthy = true;
    expect((await run(graph, clock)).status).toBe("completed");
    expect(breaker.stateOf("llm")).toBe(CircuitState.CLOSED);
    // Opened again by failures recorded without an error: refusals then have no cause.
    for (let i = 0; i < 2; i++) breaker.recordFailure("llm", { now: clock.now(), probe: false });
    const permit = breaker.tryAcquire("llm", { now: clock.now() });
    expect(permit).toMatchObject({ allowed: false, retryAfterMs: 30_000, cause: undefined });
  });

  it("keeps the stage's own error when the circuit lets a probe through at once (halfOpenAfterMs: 0)", async () => {
    const clock = new FakeClock();
    const service = { calls: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 0 });
    const graph = new Pipeline("p", { interceptors: [new CircuitBreakerInterceptor({ breaker })] })
      .withStage(rateLimited(service))
      .build();
    const result = await run(graph, clock);
    expect(result.stages.llm?.error).toBeInstanceOf(RateLimitError);
  });

  it("ends the stage with an OptionCallbackError whose cause is the stage's error when isFailure throws", async () => {
    const clock = new FakeClock();
    const service = { calls: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 30_000 });
    const isFailure = (): boolean => {
      throw new Error("isFailure bug");
    };
    const graph = new Pipeline("p", {
      interceptors: [
        new RetryInterceptor({ maxAttempts: 4 }),
        new CircuitBreakerInterceptor({ breaker, isFailure }),
      ],
    })
      .withStage(rateLimited(service))
      .build();
    const result = await run(graph, clock);

    expect(service.calls).toBe(1);
    const error = result.errors[0]?.error as OptionCallbackError;
    expect(error).toBeInstanceOf(OptionCallbackError);
    expect(error).toMatchObject({ owner: "CircuitBreakerInterceptor", option: "isFailure", stage: "llm" });
    expect(error.cause).toBeInstanceOf(RateLimitError);
    expect((error.thrown as Error).message).toBe("isFailure bug");
    // Counted neither way.
    expect(breaker.failuresOf("llm")).toBe(0);
    expect(breaker.stateOf("llm")).toBe(CircuitState.CLOSED);
  });
});
