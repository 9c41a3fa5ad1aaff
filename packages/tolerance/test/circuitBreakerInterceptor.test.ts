import {
  defineStage,
  OptionCallbackError,
  Pipeline,
  StageOutput,
  StageTimeoutError,
  type AnyStage,
  type PipelineResult,
  type StageGraph,
} from "@stageflow/core";
import { JitterStrategy, RetryInterceptor, TransientError } from "@stageflow/retry";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitBreakerInterceptor, CircuitOpenError, CircuitState } from "../src/index.js";

/** A stage calling a dependency that is down until `service.healthy` is set; counts real calls. */
function dependencyStage(
  name: string,
  service: { healthy: boolean; calls: number; latencyMs?: number },
): AnyStage {
  return defineStage({
    name,
    async execute(ctx) {
      service.calls++;
      if (service.latencyMs !== undefined) await ctx.clock.sleep(service.latencyMs, ctx.signal);
      if (!service.healthy) throw new TransientError(`${name}: upstream returned 503`);
      return { answer: 42 };
    },
  });
}

function single(stage: AnyStage, interceptor: CircuitBreakerInterceptor): StageGraph {
  return new Pipeline("breaker", { interceptors: [interceptor] }).withStage(stage).build();
}

async function run(
  graph: StageGraph,
  clock: FakeClock,
  sink = new RecordingEventSink(),
): Promise<PipelineResult> {
  const running = graph.run(createTestSnapshot(), { clock, eventSink: sink });
  await clock.runAll();
  return running;
}

const circuitEvents = (sink: RecordingEventSink): string[] =>
  sink.events
    .filter((e) => e.type.startsWith("circuit."))
    .map((e) => `${e.type}(${(e.data as { failures: number }).failures})`);

describe("CircuitBreakerInterceptor", () => {
  it("walks closed → open → half-open → open → half-open → closed in virtual time across runs", async () => {
    const clock = new FakeClock({ now: 1_000 });
    const service = { healthy: false, calls: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 3, halfOpenAfterMs: 30_000 });
    const graph = single(dependencyStage("search", service), new CircuitBreakerInterceptor({ breaker }));

    const sinks: RecordingEventSink[] = [];
    for (let i = 0; i < 3; i++) {
      sinks.push(new RecordingEventSink());
      expect((await run(graph, clock, sinks[i])).status).toBe("failed");
    }
    expect(circuitEvents(sinks[2]!)).toEqual(["circuit.opened(3)"]);
    expect(sinks[2]!.ofType("circuit.opened")[0]).toMatchObject({
      stage: "search",
      data: { key: "search", failures: 3 },
    });

    // Open: the stage is not called, and the output is a failure, never a fake success.
    await clock.advance(10_000);
    const refused = await run(graph, clock);
    expect(service.calls).toBe(3);
    expect(refused.status).toBe("failed");
    expect(refused.output("search")?.status).toBe("fail");
    const error = refused.stages.search?.error;
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({
      key: "search",
      stage: "search",
      retryAfterMs: 20_000,
      code: "CIRCUIT_OPEN",
    });

    // Half-open probe fails: open again.
    await clock.advance(20_000);
    const probeSink = new RecordingEventSink();
    await run(graph, clock, probeSink);
    expect(service.calls).toBe(4);
    expect(circuitEvents(probeSink)).toEqual(["circuit.half_open(3)", "circuit.opened(3)"]);
    expect(breaker.stateOf("search")).toBe(CircuitState.OPEN);
    expect((await run(graph, clock)).stages.search?.error).toBeInstanceOf(CircuitOpenError);

    // Half-open probe succeeds: closed, and calls flow again.
    await clock.advance(30_000);
    service.healthy = true;
    const recoverSink = new RecordingEventSink();
    const recovered = await run(graph, clock, recoverSink);
    expect(recovered.status).toBe("completed");
    expect(recovered.output("search")?.data).toEqual({ answer: 42 });
    expect(circuitEvents(recoverSink)).toEqual(["circuit.half_open(3)", "circuit.closed(3)"]);
    expect((await run(graph, clock)).status).toBe("completed");
    expect(service.calls).toBe(6);
    recoverSink.assertWellFormed();
  });

  it("lets only one probe through while half-open; concurrent calls are refused", async () => {
    const clock = new FakeClock();
    const service = { healthy: true, calls: 0, latencyMs: 50 };
    const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 100 });
    breaker.recordFailure("search", { now: 0, probe: false });
    await clock.advance(100);
    const graph = single(dependencyStage("search", service), new CircuitBreakerInterceptor({ breaker }));
    const runs = [graph.run(createTestSnapshot(), { clock }), graph.run(createTestSnapshot(), { clock })];
    await clock.runAll();
    const [probe, refused] = await Promise.all(runs);
    expect(probe?.status).toBe("completed");
    expect(refused?.stages.search?.error).toMatchObject({ name: "CircuitOpenError", retryAfterMs: 0 });
    expect(service.calls).toBe(1);
    expect(breaker.stateOf("search")).toBe(CircuitState.CLOSED);
  });

  it("shares one circuit between stages with the same key", async () => {
    const clock = new FakeClock();
    const a = { healthy: false, calls: 0 };
    const b = { healthy: true, calls: 0 };
    const interceptor = new CircuitBreakerInterceptor({
      breaker: { failureThreshold: 2 },
      key: () => "vector-db",
    });
    const failing = single(dependencyStage("lookupA", a), interceptor);
    await run(failing, clock);
    await run(failing, clock);
    const other = await run(single(dependencyStage("lookupB", b), interceptor), clock);
    expect(other.stages.lookupB?.error).toMatchObject({
      name: "CircuitOpenError",
      key: "vector-db",
      stage: "lookupB",
    });
    expect(b.calls).toBe(0);
    expect(interceptor.breaker.stateOf("vector-db")).toBe(CircuitState.OPEN);
  });

  it("sits inside retry: each attempt counts, and once open the remaining attempts are refused without calls", async () => {
    const clock = new FakeClock();
    const service = { healthy: false, calls: 0 };
    const sink = new RecordingEventSink();
    const graph = new Pipeline("retrying")
      .withStage(dependencyStage("search", service), {
        interceptors: [
          new CircuitBreakerInterceptor({ breaker: { failureThreshold: 2 } }),
          new RetryInterceptor({ maxAttempts: 5, baseDelayMs: 10, jitter: JitterStrategy.NONE }),
        ],
      })
      .build();
    const result = await run(graph, clock, sink);
    expect(service.calls).toBe(2);
    expect(result.status).toBe("failed");
    expect(circuitEvents(sink)).toEqual(["circuit.opened(2)"]);
    const error = result.stages.search?.error;
    const chain: unknown[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(e);
    expect(chain.some((e) => e instanceof CircuitOpenError)).toBe(true);
  });

  it("sits outside a timeout: a timed-out attempt counts as a failure", async () => {
    const clock = new FakeClock();
    const hang = defineStage({
      name: "slow",
      async execute(ctx) {
        await ctx.clock.sleep(60_000, ctx.signal);
      },
    });
    const interceptor = new CircuitBreakerInterceptor({ breaker: { failureThreshold: 1 } });
    const graph = new Pipeline("timeouts", { interceptors: [interceptor] })
      .withStage(hang, { timeoutMs: 1_000 })
      .build();
    const result = await run(graph, clock);
    // The timeout opened the circuit: the stage's error says so, with the timeout as its cause.
    const error = result.stages.slow?.error;
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ ran: true, retryAfterMs: 30_000 });
    expect(error?.cause).toBeInstanceOf(StageTimeoutError);
    expect(interceptor.breaker.stateOf("slow")).toBe(CircuitState.OPEN);
  });

  it("does not count an attempt cancelled because the run stopped", async () => {
    const clock = new FakeClock();
    const interceptor = new CircuitBreakerInterceptor({
      breaker: { failureThreshold: 1, halfOpenAfterMs: 0 },
    });
    const service = { healthy: true, calls: 0, latencyMs: 1_000 };
    const graph = single(dependencyStage("search", service), interceptor);
    const controller = new AbortController();
    const running = graph.run(createTestSnapshot(), { clock, signal: controller.signal });
    await clock.settle();
    controller.abort(new Error("client left"));
    await clock.runAll();
    expect((await running).status).toBe("cancelled");
    expect(interceptor.breaker.failuresOf("search")).toBe(0);
    expect(interceptor.breaker.stateOf("search")).toBe(CircuitState.CLOSED);
  });

  it("counts only what isFailure says is a failure", async () => {
    const clock = new FakeClock();
    const skipper = defineStage({ name: "s", execute: () => StageOutput.fail(new Error("expected miss")) });
    const interceptor = new CircuitBreakerInterceptor({
      breaker: { failureThreshold: 1 },
      isFailure: (output) => output.status === "fail" && output.error?.message !== "expected miss",
    });
    await run(single(skipper, interceptor), clock);
    expect(interceptor.breaker.stateOf("s")).toBe(CircuitState.CLOSED);
  });

  it("fails the attempt and frees the probe when isFailure throws", async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, halfOpenAfterMs: 0 });
    breaker.recordFailure("s", { now: 0, probe: false });
    let broken = true;
    const interceptor = new CircuitBreakerInterceptor({
      breaker,
      isFailure: (output) => {
        if (broken) throw new Error("classifier bug");
        return output.status === "fail";
      },
    });
    const graph = single(dependencyStage("s", { healthy: true, calls: 0 }), interceptor);
    const first = await run(graph, clock);
    expect(first.stages.s?.error).toBeInstanceOf(OptionCallbackError);
    expect(first.stages.s?.error).toMatchObject({
      option: "isFailure",
      thrown: { message: "classifier bug" },
    });
    broken = false;
    expect((await run(graph, clock)).status).toBe("completed");
    expect(breaker.stateOf("s")).toBe(CircuitState.CLOSED);
  });

  it("has priority 250 and validates its options", () => {
    expect(new CircuitBreakerInterceptor().priority).toBe(250);
    expect(new CircuitBreakerInterceptor({ priority: 150 }).priority).toBe(150);
    expect(() => new CircuitBreakerInterceptor({ breakr: {} } as never)).toThrow(/Did you mean "breaker"/);
    expect(() => new CircuitBreakerInterceptor({ key: "search" } as never)).toThrow(/key must be a function/);
    expect(() => new CircuitBreakerInterceptor({ breaker: { failureThreshold: -2 } })).toThrow(
      /failureThreshold/,
    );
  });
});
