import { Pipeline } from "@stageflow/core";
import { RateLimitError, RetryInterceptor, ServiceUnavailableError, TransientError } from "@stageflow/retry";
import { describe, expect, it } from "vitest";
import { runVirtual, scripted } from "./helpers.js";

const exact = { baseDelayMs: 100, maxDelayMs: 10_000, jitter: "none" } as const;

/** An error shaped like an HTTP client's: the response (with headers) is its cause. */
function httpError(headers: Record<string, string> | Headers, status = 429): Error {
  return new TransientError(`HTTP ${status}`, { cause: { status, headers } });
}

async function firstWait(error: Error, options: ConstructorParameters<typeof RetryInterceptor>[0] = exact) {
  const flaky = scripted("llm", [error, { value: "ok" }]);
  const pipeline = new Pipeline("p").withStage(flaky.stage, {
    interceptors: [new RetryInterceptor(options)],
  });
  const { sink, result } = await runVirtual(pipeline);
  expect(result.status).toBe("completed");
  const [event] = sink.ofType("stage.retry_scheduled");
  // The second attempt really started after the reported wait.
  expect(flaky.calls[1]?.at).toBe(event?.data.delayMs);
  return event?.data;
}

describe("Retry-After", () => {
  it("waits RateLimitError.retryAfterMs instead of the computed backoff", async () => {
    const data = await firstWait(new RateLimitError("slow down", { retryAfterMs: 5000 }));
    expect(data).toMatchObject({ delayMs: 5000, retryAfterMs: 5000, capped: false });
  });

  it("honours a retryAfterMs field on any error", async () => {
    // An SDK error retried for its HTTP status, carrying the wait as a plain field.
    const sdkError = Object.assign(new Error("HTTP 503"), { status: 503, retryAfterMs: 2500 });
    expect((await firstWait(sdkError))?.delayMs).toBe(2500);
    const now = await firstWait(new ServiceUnavailableError("maintenance", { retryAfterMs: 0 }));
    expect(now).toMatchObject({ delayMs: 0, retryAfterMs: 0, capped: false });
  });

  it("reads a Retry-After header in seconds from the error's cause (Headers or a plain record)", async () => {
    expect((await firstWait(httpError(new Headers({ "Retry-After": "7" }))))?.delayMs).toBe(7000);
    expect((await firstWait(httpError({ "retry-after": "1.5" })))?.delayMs).toBe(1500);
  });

  it("prefers a retry-after-ms header, as sent by some LLM providers", async () => {
    const data = await firstWait(httpError({ "retry-after-ms": "750", "retry-after": "9" }));
    expect(data?.delayMs).toBe(750);
  });

  it("reads an HTTP-date Retry-After against the run's clock", async () => {
    // The FakeClock starts at 0 (the Unix epoch), so this date is 4 s later.
    const data = await firstWait(httpError({ "retry-after": "Thu, 01 Jan 1970 00:00:04 GMT" }));
    expect(data).toMatchObject({ delayMs: 4000, retryAfterMs: 4000 });
    const past = await firstWait(httpError({ "retry-after": "Wed, 31 Dec 1969 23:59:00 GMT" }));
    expect(past?.delayMs).toBe(0);
  });

  it("reads an HTTP-style retryAfter (seconds) on the cause", async () => {
    const error = new TransientError("busy", { cause: { retryAfter: 3 } });
    expect((await firstWait(error))?.delayMs).toBe(3000);
  });

  it("caps a longer wait at maxDelayMs and says so in the event", async () => {
    const data = await firstWait(new RateLimitError("slow down", { retryAfterMs: 60_000 }));
    expect(data).toMatchObject({ delayMs: 10_000, retryAfterMs: 60_000, capped: true });
  });

  it("waits longer than maxDelayMs when maxRetryAfterMs allows it, reporting capped: false", async () => {
    const data = await firstWait(new RateLimitError("slow down", { retryAfterMs: 60_000 }), {
      ...exact,
      maxRetryAfterMs: 120_000,
    });
    expect(data).toMatchObject({ delayMs: 60_000, retryAfterMs: 60_000, capped: false });
    expect(data?.delayMs).toBeGreaterThan(exact.maxDelayMs);
  });

  it("ignores Retry-After when respectRetryAfter is off", async () => {
    const data = await firstWait(new RateLimitError("slow down", { retryAfterMs: 5000 }), {
      ...exact,
      respectRetryAfter: false,
    });
    expect(data?.delayMs).toBe(100);
    expect(data).not.toHaveProperty("retryAfterMs");
    expect(data).not.toHaveProperty("capped");
  });

  it("falls back to the computed backoff when the header is unreadable", async () => {
    for (const garbage of ["soon", "1 2", "-5", ""]) {
      const data = await firstWait(httpError({ "retry-after": garbage }));
      expect(data?.delayMs).toBe(100);
      expect(data).not.toHaveProperty("retryAfterMs");
    }
  });

  it("counts a Retry-After wait against maxElapsedMs", async () => {
    const flaky = scripted("llm", [new RateLimitError("slow down", { retryAfterMs: 5000 }), { value: "ok" }]);
    const retry = new RetryInterceptor({ ...exact, maxElapsedMs: 4000 });
    const { result, sink } = await runVirtual(
      new Pipeline("p").withStage(flaky.stage, { interceptors: [retry] }),
    );
    expect(flaky.calls).toHaveLength(1);
    expect(result.stages.llm?.error?.name).toBe("RetryExhaustedError");
    expect(sink.ofType("stage.retry_exhausted")[0]?.data.reason).toBe("maxElapsedMs");
  });
});
