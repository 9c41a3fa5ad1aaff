import { defineStage, StageOutput, StageTimeoutError, type Interceptor } from "@stageflow/core";
import { FakeClock, runStage } from "@stageflow/testing";
import { describe, expect, it } from "vitest";

describe("runStage", () => {
  it("runs the stage through the executor with exactly the given inputs", async () => {
    const seen: string[][] = [];
    const answer = defineStage({
      name: "answer",
      execute: (ctx) => {
        seen.push([...ctx.inputs.names]);
        const docs = ctx.inputs.get("retrieve")?.data as { docs: string[] };
        return { text: `from ${docs.docs.length} docs` };
      },
    });
    const { output, record, events } = await runStage(answer, {
      inputs: { retrieve: StageOutput.ok({ docs: ["a", "b"] }), guard: StageOutput.skip("not needed") },
    });
    expect(seen).toEqual([["retrieve", "guard"]]);
    expect(output.data).toEqual({ text: "from 2 docs" });
    expect(record).toMatchObject({ status: "ok", attempts: 1 });
    expect(events.map((e) => e.type)).toEqual([
      "pipeline.started",
      "stage.started",
      "stage.completed",
      "pipeline.completed",
    ]);
    expect(events.every((e) => e.stage === undefined || e.stage === "answer")).toBe(true);
  });

  it("lets a stage see a failed dependency instead of being cancelled by fail-fast", async () => {
    const fallback = defineStage({
      name: "fallback",
      execute: (ctx) => (ctx.inputs.get("primary")?.status === "fail" ? "used fallback" : "primary ok"),
    });
    const { output } = await runStage(fallback, { inputs: { primary: StageOutput.fail(new Error("down")) } });
    expect(output.data).toBe("used fallback");
  });

  it("applies interceptors and timeouts to the stage only, in virtual time", async () => {
    const calls: string[] = [];
    const tracer: Interceptor = {
      name: "tracer",
      intercept: async (ctx, next) => {
        calls.push(ctx.stageName);
        return next();
      },
    };
    const slow = defineStage({
      name: "slow",
      execute: async (ctx) => {
        await ctx.clock.sleep(5 * 60_000, ctx.signal);
        return "late";
      },
    });
    const clock = new FakeClock();
    const { output, record } = await runStage(slow, {
      inputs: { up: StageOutput.ok(1) },
      interceptors: [tracer],
      timeoutMs: 1_000,
      clock,
    });
    expect(calls).toEqual(["slow"]);
    expect(output.status).toBe("fail");
    expect(record.error).toBeInstanceOf(StageTimeoutError);
    expect(record.durationMs).toBe(1_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it("is cancelled by the caller's signal like a real run", async () => {
    const controller = new AbortController();
    const waits = defineStage({
      name: "waits",
      execute: async (ctx) => {
        controller.abort(new Error("user left"));
        await ctx.clock.sleep(60_000, ctx.signal);
        return "never";
      },
    });
    const { output, record, result } = await runStage(waits, { signal: controller.signal });
    expect(result.status).toBe("cancelled");
    expect(record.status).toBe("cancel");
    expect(output.status).toBe("cancel");
    expect(result.cancelReason?.message).toMatch(/user left/);
  });

  it("refuses cancel inputs and unknown options", async () => {
    const s = defineStage({ name: "s", execute: () => undefined });
    await expect(runStage(s, { inputs: { g: StageOutput.cancel("no") } })).rejects.toThrow(/cancel output/);
    await expect(runStage(s, { input: {} } as never)).rejects.toThrow(/inputs/);
    await expect(
      runStage(s, { clock: { now: () => 0, sleep: async () => {} }, runTimers: true }),
    ).rejects.toThrow(/runTimers needs a FakeClock/);
  });
});
