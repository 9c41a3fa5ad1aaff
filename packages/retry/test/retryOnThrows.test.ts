/**
 * A `retryOn` that throws is a bug in the caller's code: the stage is not retried, and its own
 * error is never lost behind the predicate's.
 */
import { OptionCallbackError, Pipeline, StageOutput } from "@stageflow/core";
import { RetryInterceptor, TransientError } from "@stageflow/retry";
import { describe, expect, it } from "vitest";
import { runVirtual, scripted } from "./helpers.js";

const exact = { baseDelayMs: 10, maxDelayMs: 1000, jitter: "none" } as const;

function throwing(message: string): () => boolean {
  return () => {
    throw new Error(message);
  };
}

describe("RetryInterceptor with a retryOn that throws", () => {
  it("fails the stage with an OptionCallbackError naming retryOn, whose cause is the stage's error", async () => {
    const flaky = scripted("llm", [new TransientError("t"), { value: "ok" }]);
    const retry = new RetryInterceptor({ ...exact, retryOn: throwing("retryOn bug") });
    const { result, sink } = await runVirtual(new Pipeline("p").withStage(flaky.stage), {
      interceptors: [retry],
    });

    expect(flaky.calls).toHaveLength(1);
    expect(result.errors).toHaveLength(1);
    const error = result.errors[0]?.error as OptionCallbackError;
    expect(error).toBeInstanceOf(OptionCallbackError);
    expect(error).toMatchObject({
      code: "OPTION_CALLBACK_THREW",
      owner: "RetryInterceptor",
      option: "retryOn",
      stage: "llm",
      attempt: 1,
      thrown: { message: "retryOn bug" },
    });
    expect(error.cause).toBeInstanceOf(TransientError);
    expect((error.cause as Error).message).toBe("t");
    // A log line or a stage.failed event (which carries no cause) still shows both.
    expect(error.message).toContain("Error: retryOn bug");
    expect(error.message).toContain("TransientError: t");
    expect(sink.ofType("stage.failed")[0]?.data).toMatchObject({
      error: { name: "OptionCallbackError", code: "OPTION_CALLBACK_THREW" },
    });
    expect(sink.ofType("stage.retry_scheduled")).toEqual([]);
  });

  it("fails a successful attempt it throws on, keeping the data, with no cause", async () => {
    const stage = scripted("llm", [StageOutput.ok({ text: "" })]);
    const retry = new RetryInterceptor({ ...exact, retryOn: throwing("cannot read text") });
    const { result } = await runVirtual(new Pipeline("p").withStage(stage.stage), { interceptors: [retry] });
    const error = result.stages.llm?.error as OptionCallbackError;
    expect(error).toBeInstanceOf(OptionCallbackError);
    expect(error.cause).toBeUndefined();
    expect(error.message).toContain("The attempt itself had not failed.");
    expect(result.output("llm")).toMatchObject({ status: "fail", data: { text: "" } });
  });

  it("never retries an OptionCallbackError from an inner layer, whatever retryOn says", async () => {
    const bug = new OptionCallbackError({
      owner: "CircuitBreakerInterceptor",
      option: "isFailure",
      stage: "llm",
      attempt: 1,
      thrown: new Error("isFailure bug"),
      cause: new TransientError("t"),
    });
    const flaky = scripted("llm", [StageOutput.fail(bug), { value: "ok" }]);
    const retry = new RetryInterceptor({ ...exact, retryOn: () => true });
    const { result } = await runVirtual(new Pipeline("p").withStage(flaky.stage), { interceptors: [retry] });
    expect(flaky.calls).toHaveLength(1);
    expect(result.stages.llm?.error).toBe(bug);
  });
});
