import { defineStage, InvalidOptionsError, Pipeline, type Plugin } from "@stageflow/core";
import { RetryInterceptor, TransientError } from "@stageflow/retry";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { runVirtual, scripted } from "./helpers.js";

const exact = { baseDelayMs: 100, maxDelayMs: 10_000, jitter: "none" } as const;
// Both stages of `chat` fail; "continue" lets each run out its budget instead of failing fast.
const keepGoing: Plugin = { name: "keep-going", onStageSettled: () => "continue" };

/** `guard → llm`, both failing transiently forever, with `interceptors` where `at` says. */
function chat(at: "pipeline" | "stage" | "none", interceptors: RetryInterceptor[] = []) {
  const guard = scripted("input_guard", [new TransientError("busy")]);
  const llm = scripted("llm", [new TransientError("busy")]);
  const pipeline = new Pipeline("chat", at === "pipeline" ? { interceptors } : {})
    .withStage(guard.stage)
    .withStage(llm.stage, { dependsOn: ["input_guard"], ...(at === "stage" ? { interceptors } : {}) });
  return { pipeline, guard, llm };
}

const misspelt =
  'RetryInterceptor: stages names "llmm", which is not a stage of pipeline "chat". Did you mean "llm"?';

describe("stage names in stages", () => {
  it("refuses a pipeline whose pipeline interceptor names a stage it lacks, naming the closest", () => {
    const retry = new RetryInterceptor({ stages: { llmm: { maxAttempts: 6 } } });
    const { pipeline } = chat("pipeline", [retry]);
    expect(() => pipeline.build()).toThrow(InvalidOptionsError);
    expect(() => pipeline.build()).toThrow(misspelt);
  });

  it("refuses a pipeline whose stage interceptor names a stage the graph lacks", () => {
    const retry = new RetryInterceptor({ stages: { llmm: { maxAttempts: 6 } } });
    const { pipeline } = chat("stage", [retry]);
    let thrown: unknown;
    try {
      pipeline.build();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionsError);
    expect((thrown as InvalidOptionsError).where).toBe("RetryInterceptor");
    expect((thrown as InvalidOptionsError).message).toBe(misspelt);
  });

  it("rejects a run whose run interceptor names a stage the graph lacks, before any stage or event", async () => {
    const retry = new RetryInterceptor({ stages: { llmm: false } });
    const { pipeline, guard, llm } = chat("none");
    const graph = pipeline.build();
    const sink = new RecordingEventSink();
    const clock = new FakeClock();
    const running = graph.run(createTestSnapshot(), { interceptors: [retry], eventSink: sink, clock });
    await expect(running).rejects.toThrow(misspelt);
    await expect(running).rejects.toBeInstanceOf(InvalidOptionsError);
    expect(guard.calls).toEqual([]);
    expect(llm.calls).toEqual([]);
    expect(sink.events).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it.each([
    ["llmm", "llm"],
    ["LLM", "llm"],
    ["inputGuard", "input_guard"],
    ["input-guard", "input_guard"],
    ["input_gaurd", "input_guard"],
    ["outputGuard", "output_guard"],
    ["output_guard_stage", "output_guard"],
  ])("suggests the closest stage for %j: %j", (name, closest) => {
    const stages = ["input_guard", "llm", "output_guard"].map((n) => scripted(n, [{ value: n }]).stage);
    const pipeline = new Pipeline("chat", {
      interceptors: [new RetryInterceptor({ stages: { [name]: {} } })],
    });
    for (const stage of stages) pipeline.withStage(stage);
    expect(() => pipeline.build()).toThrow(
      `stages names "${name}", which is not a stage of pipeline "chat". Did you mean "${closest}"?`,
    );
  });

  it("names every misspelt stage at once, and accepts a name no stage is close to", () => {
    const retry = new RetryInterceptor({ stages: { llm: {}, billing: false, llmm: {}, inputGaurd: {} } });
    expect(() => chat("pipeline", [retry]).pipeline.build()).toThrow(
      'RetryInterceptor: stages names "llmm", which is not a stage of pipeline "chat". Did you mean "llm"? ' +
        'stages names "inputGaurd", which is not a stage of pipeline "chat". Did you mean "input_guard"?',
    );
  });

  it("lets one instance carry overrides for stages only some of its pipelines have", async () => {
    const retry = new RetryInterceptor({ ...exact, stages: { llm: { maxAttempts: 4 }, charge: false } });
    const { pipeline, llm } = chat("pipeline", [retry]);
    const { result } = await runVirtual(pipeline, { plugins: [keepGoing] });
    expect(result.stages.llm?.attempts).toBe(4);
    expect(llm.calls).toHaveLength(4);
  });

  it("keeps nothing from a refused attachment: the same instance still serves a graph with the stage", async () => {
    const retry = new RetryInterceptor({ ...exact, stages: { llm: { maxAttempts: 4 } } });
    const other = new Pipeline("other").withStage(scripted("lm", [{ value: 1 }]).stage);
    await expect(other.build().run(createTestSnapshot(), { interceptors: [retry] })).rejects.toThrow(
      'stages names "llm", which is not a stage of pipeline "other". Did you mean "lm"?',
    );
    const { pipeline, llm } = chat("none");
    const { result } = await runVirtual(pipeline, { interceptors: [retry], plugins: [keepGoing] });
    expect(result.stages.llm?.attempts).toBe(4);
    expect(llm.calls.map((c) => c.at)).toEqual([300, 400, 600, 1000]);
  });

  it("refuses a graph with a misspelt stage on every run, not only the first", async () => {
    const retry = new RetryInterceptor({ stages: { llm: false } });
    const graph = new Pipeline("other").withStage(scripted("lm", [{ value: 1 }]).stage).build();
    for (let run = 0; run < 2; run++) {
      await expect(graph.run(createTestSnapshot(), { interceptors: [retry] })).rejects.toThrow(
        InvalidOptionsError,
      );
    }
  });
});

describe("stage names that exist", () => {
  it.each(["pipeline", "stage", "run"] as const)(
    "applies each stage's own budget when attached per %s",
    async (at) => {
      const retry = new RetryInterceptor({
        ...exact,
        maxAttempts: 2,
        stages: { llm: { maxAttempts: 4, baseDelayMs: 10 }, input_guard: false },
      });
      const { pipeline, guard, llm } = chat(at === "run" ? "none" : at, [retry]);
      const { result, sink } = await runVirtual(pipeline, {
        plugins: [keepGoing],
        ...(at === "run" ? { interceptors: [retry] } : {}),
      });
      expect(guard.calls).toHaveLength(1);
      expect(llm.calls.map((c) => c.at)).toEqual([0, 10, 30, 70]);
      expect(result.stages.llm?.error?.name).toBe("RetryExhaustedError");
      expect(sink.ofType("stage.retry_scheduled").map((e) => e.stage)).toEqual(["llm", "llm", "llm"]);
    },
  );

  it("lets one instance serve any number of graphs that have its stages", async () => {
    const retry = new RetryInterceptor({ ...exact, stages: { llm: { maxAttempts: 2 } } });
    for (const name of ["first", "second"]) {
      const llm = scripted("llm", [new TransientError("busy"), { value: name }]);
      const extra = defineStage({ name: `${name}-extra`, execute: () => name });
      const graph = new Pipeline(name, { interceptors: [retry] })
        .withStage(llm.stage)
        .withStage(extra)
        .build();
      const { result } = await runVirtual(graph);
      expect(result.status).toBe("completed");
      expect(llm.calls).toHaveLength(2);
    }
  });
});
