import { ContextSnapshot, defineStage, Pipeline } from "@stageflow/core";
import { TransientError } from "@stageflow/retry";
import { FakeClock } from "@stageflow/testing";
import { CircuitOpenError } from "@stageflow/tolerance";
import { afterEach, describe, expect, it, vi } from "vitest";
import { eventSink, pipeline as triage } from "./examples/app.js";
import { readme, sample } from "./readmeSample.js";

/** Captures `console.log` and `console.warn` while `load` runs. */
async function printing<T>(load: () => Promise<T>) {
  const logged: unknown[] = [];
  const warned: unknown[] = [];
  vi.spyOn(console, "log").mockImplementation((value: unknown) => void logged.push(value));
  vi.spyOn(console, "warn").mockImplementation((value: unknown) => void warned.push(value));
  return { loaded: await load(), logged, warned };
}

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the burst sample verbatim: the cap holds across runs and a failed branch keeps the rest", async () => {
    expect(readme).toContain(sample("burst.ts", "burst"));
    const { loaded, logged, warned } = await printing(() => import("./examples/burst.js"));
    expect(loaded.results.map((r) => r.status)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i === 7 ? "failed" : "completed")),
    );
    expect(warned).toEqual([]); // 20 runs of six stages never fill a queue of 40
    expect(logged).toHaveLength(21);
    expect(Object.keys(logged[0] as object)).toHaveLength(6);
    expect(logged[7]).toEqual({
      retrieve: { by: "retrieve" },
      rerank: { by: "rerank" },
      summarize: { by: "summarize" },
    });
    const metrics = logged[20] as { peakActive: number; peakQueued: number; shed: number; active: number };
    expect(metrics).toMatchObject({ peakActive: 8, shed: 0, active: 0, queued: 0 });
    expect(metrics.peakQueued).toBeLessThanOrEqual(40);
    expect(eventSink.ofType("failure.recorded").map((e) => e.stage)).toEqual(["web_search"]);
  });

  it("shows the failure-mode run and the summary verbatim, and the summary says what the comments say", async () => {
    expect(readme).toContain(sample("failureModes.ts", "run"));
    expect(readme).toContain(sample("failureModes.ts", "summary"));
    const { loaded, logged } = await printing(() => import("./examples/failureModes.js"));
    expect(loaded.result.status).toBe("failed");
    expect(loaded.result.stages.parse).toMatchObject({
      status: "skip",
      reason: 'upstream stage "fetch" failed',
    });
    const [failures, blocked, partial, rate, json] = logged;
    expect(failures).toMatchObject([{ stage: "fetch", errorType: "Error", recoverable: true }]);
    expect(blocked).toEqual({ parse: ["fetch"] });
    expect(partial).toEqual({ greet: { text: "hello" } });
    expect(rate).toBe(1 / 3);
    expect(JSON.parse(json as string).failures[0].error).toEqual({ name: "Error", message: "HTTP 502" });
  });

  it("shows the optional-stage sample verbatim: a failing optional stage does not fail the run", async () => {
    expect(readme).toContain(sample("optional.ts", "optional"));
    const { plugin } = await import("./examples/optional.js");
    const profile = defineStage({
      name: "profile",
      execute: () => {
        throw new Error("profile store down");
      },
    });
    const answer = defineStage({
      name: "answer",
      execute: (ctx) => ({ profile: ctx.inputs.get(profile)?.status }),
    });
    const graph = new Pipeline("chat")
      .withStage(profile)
      .withStage(answer, { dependsOn: [profile] })
      .build();
    const result = await graph.run(ContextSnapshot.create(), { plugins: [plugin] });
    expect(result.status).toBe("completed");
    expect(result.errors).toEqual([]);
    expect(result.output("answer")?.data).toEqual({ profile: "fail" });
  });

  it("shows the conditional dependencies verbatim, and each condition selects as described", async () => {
    expect(readme).toContain(sample("conditional.ts", "conditional"));
    await import("./examples/conditional.js");
    const graph = triage.build();
    const statuses = async (inputText: string) => {
      const { stages } = await graph.run(ContextSnapshot.create({ inputText }));
      return [stages.search?.status, stages.small_talk?.status, stages.audit?.status];
    };
    expect(await statuses("hi there")).toEqual(["skip", "ok", "ok"]);
    expect(await statuses("what is the refund policy?")).toEqual(["ok", "skip", "ok"]);
  });

  it("shows the circuit breaker verbatim: a failing service opens one circuit for every run", async () => {
    expect(readme).toContain(sample("circuitBreaker.ts", "breaker"));
    const { breaker, pipeline } = await import("./examples/circuitBreaker.js");
    let calls = 0;
    const search = defineStage({
      name: "search",
      execute: () => {
        calls++;
        throw new TransientError("search service unavailable");
      },
    });
    const graph = pipeline.withStage(search).build();
    const clock = new FakeClock();
    const run = async () => {
      const running = graph.run(ContextSnapshot.create(), { clock });
      await clock.runAll();
      return (await running).stages.search;
    };
    expect(await run()).toMatchObject({ status: "fail", attempts: 3 }); // 3 failures counted
    const opening = await run(); // the 5th failure opens the circuit, and the retry stops
    expect(opening).toMatchObject({ attempts: 2, error: { ran: true } });
    expect(opening?.error).toBeInstanceOf(CircuitOpenError);
    expect(await run()).toMatchObject({ attempts: 0, error: { ran: false } }); // refused: never called
    expect(calls).toBe(5);
    expect(breaker.toJSON()).toMatchObject({ circuits: { search: { state: "open" } } });
  });
});
