import { afterEach, describe, expect, it, vi } from "vitest";
import { attempts, flaky } from "./examples/app.js";
import { chain, runVirtual, scripted } from "./helpers.js";
import { readme, sample } from "./readmeSample.js";

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the three placements verbatim, and each one retries the stages it covers", async () => {
    expect(readme).toContain(sample("attach.ts", "attach"));
    const { chat } = await import("./examples/attach.js");
    expect(attempts.retrieve).toBe(2); // the run's retry, waiting the 0 ms the stage asked for
    const fromPipeline = await runVirtual(chat.withStage(flaky("greet")));
    expect(fromPipeline.result.stages.greet).toMatchObject({ status: "ok", attempts: 2 });
    const { pipeline, search } = await import("./examples/app.js");
    const rank = flaky("rank");
    const fromStage = await runVirtual(pipeline.withStage(rank, { dependsOn: [search] }));
    expect(fromStage.result.stages.search).toMatchObject({ status: "ok", attempts: 2 });
    expect(fromStage.result.stages.rank).toMatchObject({ status: "fail", attempts: 1 });
  });

  it("shows the retryOn sample verbatim, and it overrides the default decision both ways", async () => {
    expect(readme).toContain(sample("retryOn.ts", "retryOn"));
    const { QuotaExceededError, retry } = await import("./examples/retryOn.js");
    const attemptsWith = async (error: Error) => {
      const { stage } = scripted("call", [error]);
      return (await runVirtual(chain(stage, [retry]))).result.stages.call?.attempts;
    };
    expect(await attemptsWith(Object.assign(new Error("slow down"), { status: 429 }))).toBe(3);
    expect(await attemptsWith(new QuotaExceededError("daily quota spent"))).toBe(1);
    expect(await attemptsWith(new Error("model overloaded"))).toBe(3);
    expect(await attemptsWith(new Error("bad request"))).toBe(1);
  });

  it("shows the computeRetryDelay sample verbatim, and it prints the schedule in its comment", async () => {
    expect(readme).toContain(sample("computeRetryDelay.ts"));
    const printed: unknown[] = [];
    vi.spyOn(console, "log").mockImplementation((value: unknown) => void printed.push(value));
    await import("./examples/computeRetryDelay.js");
    expect(printed).toEqual([[1000, 2000, 4000, 8000, 10000, 10000]]);
  });

  it("shows the per-attempt timeout verbatim: a timed-out attempt is retried", async () => {
    expect(readme).toContain(sample("timeoutPerAttempt.ts", "perAttempt"));
    const { pipeline } = await import("./examples/timeoutPerAttempt.js");
    const { result, sink } = await runVirtual(pipeline, { random: () => 0.5 });
    expect(result.stages.answer).toMatchObject({ status: "ok", attempts: 2 });
    expect(sink.ofType("stage.timeout")).toHaveLength(1);
    expect(result.durationMs).toBe(10_500); // the 10 s attempt, half of the 1 s first backoff, the answer
  });

  it("shows the overall timeout verbatim: it bounds every attempt and wait together", async () => {
    expect(readme).toContain(sample("timeoutOverall.ts", "overall"));
    const { pipeline } = await import("./examples/timeoutOverall.js");
    const { result } = await runVirtual(pipeline, { random: () => 0.5 });
    expect(result.stages.answer).toMatchObject({ status: "fail", error: { code: "STAGE_TIMEOUT" } });
    expect(result.durationMs).toBe(60_000);
    expect(attempts.slow_answer).toBe(3); // 25 s each, with 0.5 s and 1 s waits between
  });

  it("shows the per-stage policies verbatim, and each stage gets its own", async () => {
    expect(readme).toContain(sample("perStage.ts", "stages"));
    const { retry } = await import("./examples/perStage.js");
    expect(retry.policyFor("answer")).toMatchObject({ maxAttempts: 6, baseDelayMs: 2000 });
    expect(retry.policyFor("charge")).toBeUndefined();
    expect(retry.policyFor("search")).toMatchObject({ maxAttempts: 3, baseDelayMs: 1000 });
    const { stage } = scripted("charge", [new Error("card network down"), { value: "charged" }]);
    const { result } = await runVirtual(chain(stage, [retry]));
    expect(result.stages.charge).toMatchObject({ status: "fail", attempts: 1 });
  });

  it("shows the virtual-time test verbatim, and its expectations hold", async () => {
    expect(readme).toContain(sample("virtualTime.ts", "virtualTime"));
    await import("./examples/virtualTime.js"); // throws if an expectation fails
    expect(attempts.answer).toBe(3);
  });
});
