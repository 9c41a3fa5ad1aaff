import {
  defineStage,
  isStageflowError,
  Pipeline,
  StageflowError,
  StageOutput,
  StageTimeoutError,
} from "@stageflow/core";
import { NonRetryableError, RateLimitError, RetryInterceptor } from "@stageflow/retry";
import { describe, expect, it } from "vitest";
import { runVirtual, scripted, type Step } from "./helpers.js";

const exact = { baseDelayMs: 10, maxDelayMs: 1000, jitter: "none" } as const;

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
}

/** How many calls a stage failing once with `first` needs under the given retry options. */
async function callsAfter(first: Step, options: ConstructorParameters<typeof RetryInterceptor>[0] = exact) {
  const flaky = scripted("llm", [first, { value: "ok" }]);
  await runVirtual(
    new Pipeline("p").withStage(flaky.stage, { interceptors: [new RetryInterceptor(options)] }),
  );
  return flaky.calls.length;
}

/** Runs a stage whose first attempt throws `thrown` (not an Error) and whose second succeeds. */
async function afterThrowing(
  thrown: unknown,
  options: ConstructorParameters<typeof RetryInterceptor>[0] = exact,
) {
  let calls = 0;
  const stage = defineStage({
    name: "llm",
    execute: () => {
      calls++;
      if (calls === 1) throw thrown;
      return { answer: "ok" };
    },
  });
  const { result } = await runVirtual(
    new Pipeline("p").withStage(stage, { interceptors: [new RetryInterceptor(options)] }),
  );
  return { calls, result };
}

describe("what is retried by default", () => {
  it.each(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EAI_AGAIN", "UND_ERR_SOCKET"])(
    "retries a %s network error",
    async (code) => {
      expect(await callsAfter(networkError(code))).toBe(2);
    },
  );

  it("retries fetch's TypeError('fetch failed'), whose cause carries the socket error", async () => {
    const error = new TypeError("fetch failed", { cause: networkError("ECONNRESET") });
    expect(await callsAfter(error)).toBe(2);
    expect(await callsAfter(new TypeError("Failed to fetch"))).toBe(2);
  });

  it("retries an error whose cause is a network error", async () => {
    expect(await callsAfter(new Error("search failed", { cause: networkError("ETIMEDOUT") }))).toBe(2);
  });

  it("retries StageTimeoutError and SDK errors with a retryable HTTP status", async () => {
    expect(await callsAfter(new StageTimeoutError("llm", 100))).toBe(2);
    expect(await callsAfter(Object.assign(new Error("Bad gateway"), { status: 502 }))).toBe(2);
    expect(await callsAfter(Object.assign(new Error("Too many requests"), { statusCode: 429 }))).toBe(2);
  });

  it("does not retry client errors, unknown errors or a DNS lookup for a host that does not exist", async () => {
    expect(await callsAfter(Object.assign(new Error("Bad request"), { status: 400 }))).toBe(1);
    expect(await callsAfter(new Error("undefined is not a function"))).toBe(1);
    expect(await callsAfter(networkError("ENOTFOUND"))).toBe(1);
    expect(await callsAfter(new TypeError("Cannot read properties of undefined"))).toBe(1);
  });

  it("judges a Stageflow error by its own code, not its cause, such as an open circuit after a 429", async () => {
    const open = new StageflowError("CIRCUIT_OPEN", "circuit open", { cause: new RateLimitError("429") });
    expect(await callsAfter(open)).toBe(1);
  });

  it("retries a thrown non-Error object with a retryable status or network code, such as { status: 503 }", async () => {
    const { calls, result } = await afterThrowing({ status: 503 });
    expect(calls).toBe(2);
    expect(result.status).toBe("completed");
    expect((await afterThrowing({ statusCode: 429 })).calls).toBe(2);
    expect((await afterThrowing({ code: "ECONNRESET" })).calls).toBe(2);
  });

  it("does not retry a thrown non-Error object with a client status, such as { status: 400 }", async () => {
    const { calls, result } = await afterThrowing({ status: 400 });
    expect(calls).toBe(1);
    expect(result.status).toBe("failed");
    const error = result.stages.llm?.error;
    expect(isStageflowError(error) && error.code).toBe("NON_ERROR_THROWN");
    expect(error).toMatchObject({ thrown: { status: 400 } });
  });

  it("does not retry a thrown string", async () => {
    const { calls, result } = await afterThrowing("boom");
    expect(calls).toBe(1);
    expect(result.stages.llm?.error).toMatchObject({ code: "NON_ERROR_THROWN", thrown: "boom" });
  });

  it("never retries a thrown non-Error abort, even when retryOn says so", async () => {
    const abort = { name: "AbortError", message: "aborted" };
    expect((await afterThrowing(abort, { ...exact, retryOn: () => true })).calls).toBe(1);
  });

  it("never retries an AbortError thrown by the stage", async () => {
    expect(await callsAfter(new DOMException("The operation was aborted", "AbortError"))).toBe(1);
  });
});

describe("retryOn", () => {
  it("adds errors the defaults would not retry, receiving the attempt number", async () => {
    const seen: Array<[string, number]> = [];
    const retryOn = (failure: Error | StageOutput, attempt: number): boolean | undefined => {
      if (failure instanceof Error) seen.push([failure.message, attempt]);
      return failure instanceof Error && failure.message.startsWith("quota") ? true : undefined;
    };
    const flaky = scripted("llm", [new Error("quota 1"), new Error("quota 2"), { value: "ok" }]);
    const { result } = await runVirtual(new Pipeline("p").withStage(flaky.stage), {
      interceptors: [new RetryInterceptor({ ...exact, retryOn })],
    });
    expect(result.status).toBe("completed");
    expect(seen).toEqual([
      ["quota 1", 1],
      ["quota 2", 2],
    ]);
  });

  it("can veto a default retry by returning false", async () => {
    expect(
      await callsAfter(new RateLimitError("daily cap reached"), { ...exact, retryOn: () => false }),
    ).toBe(1);
  });

  it("retries a successful output it rejects, e.g. an empty completion", async () => {
    const flaky = scripted("llm", [{ value: "" }, { value: "" }, { value: "Paris." }]);
    const retryOn = (failure: Error | StageOutput) => !(failure instanceof Error) && failure.data === "";
    const { result, sink } = await runVirtual(new Pipeline("p").withStage(flaky.stage), {
      interceptors: [new RetryInterceptor({ ...exact, retryOn })],
    });
    expect(result.output("llm")?.data).toBe("Paris.");
    expect(sink.ofType("stage.retry_scheduled")[0]?.data.error.message).toMatch(
      /retryOn rejected the output of attempt 1/,
    );
  });

  it("cannot make NonRetryableError, cancel outputs or InvalidStageOutputError retryable", async () => {
    const always = { ...exact, retryOn: () => true };
    expect(await callsAfter(new NonRetryableError("no"), always)).toBe(1);
    expect(await callsAfter(StageOutput.cancel("refused"), always)).toBe(1);

    // A Standard Schema that rejects every value.
    const schema = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: () => ({ issues: [{ message: "answer is required" }] }),
      },
    };
    let calls = 0;
    const typed = defineStage({
      name: "extract",
      output: schema,
      execute: () => {
        calls++;
        return { answer: 1 };
      },
    });
    const { result } = await runVirtual(new Pipeline("p").withStage(typed), {
      interceptors: [new RetryInterceptor(always)],
    });
    expect(calls).toBe(1);
    expect(result.stages.extract?.error?.name).toBe("InvalidStageOutputError");
  });
});
