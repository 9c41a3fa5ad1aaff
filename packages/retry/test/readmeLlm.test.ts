/**
 * The README's production example (an LLM call with rate limits), with `fetch` answering as a provider
 * would: it runs once as written, then again on a FakeClock for the long waits.
 */
import { ContextSnapshot } from "@stageflow/core";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readme, sample } from "./readmeSample.js";

type Reply = { status: number; headers?: Record<string, string>; content?: string };

/** Makes `fetch` answer with `replies` in order (the last one repeats), recording each request. */
function provider(replies: readonly Reply[]): Array<{ url: string; init: RequestInit }> {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const reply = replies[Math.min(requests.length, replies.length - 1)] as Reply;
    requests.push({ url, init });
    const body = reply.content === undefined ? {} : { choices: [{ message: { content: reply.content } }] };
    return new Response(JSON.stringify(body), { status: reply.status, headers: reply.headers ?? {} });
  });
  return requests;
}

const example = await (async () => {
  vi.stubEnv("LLM_API_KEY", "sk-test");
  const requests = provider([
    { status: 429, headers: { "retry-after-ms": "0" } },
    { status: 503, headers: { "retry-after-ms": "0" } },
    { status: 200, content: "Refunds take 5 days." },
  ]);
  const [loaded, app] = await Promise.all([import("./examples/llm.js"), import("./examples/app.js")]);
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  return { ...loaded, logged: app.logged, requests };
})();

/** Runs the example's graph on a FakeClock with `fetch` answering `replies`. */
async function runVirtually(replies: readonly Reply[], signal?: AbortSignal) {
  const requests = provider(replies);
  const clock = new FakeClock();
  const sink = new RecordingEventSink();
  const snapshot = ContextSnapshot.create({ inputText: "Can I get a refund?" });
  const options = { interceptors: [example.retry], eventSink: sink, clock, random: () => 0.5 };
  const running = example.graph.run(snapshot, signal === undefined ? options : { ...options, signal });
  await clock.runAll();
  return { result: await running, sink, requests, clock };
}

describe("README: the LLM call with rate limits", () => {
  beforeAll(() => {
    expect(readme).toContain(sample("llm.ts", "llm"));
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("retries a 429 and a 503 as long as the provider asks, then answers", () => {
    const { result, requests, logged } = example;
    expect(result.status).toBe("completed");
    expect(result.output("answer")?.data).toEqual({ text: "Refunds take 5 days." });
    expect(result.stages.answer?.attempts).toBe(3);
    expect(requests).toHaveLength(3);
    expect(requests[0]?.url).toBe("https://api.example.com/v1/chat/completions");
    expect(requests[0]?.init.headers).toMatchObject({ authorization: "Bearer sk-test" });
    expect(requests[0]?.init.signal).toBeInstanceOf(AbortSignal);
    const retries = logged.filter((l) => l.msg === "stage.retry_scheduled answer");
    expect(retries.map((l) => [l.level, (l.obj as { data: { delayMs: number } }).data.delayMs])).toEqual([
      ["warn", 0],
      ["warn", 0],
    ]);
  });

  it("waits a long Retry-After in full, and retries an empty completion", async () => {
    const { result, sink, clock } = await runVirtually([
      { status: 429, headers: { "retry-after": "90" } },
      { status: 200, content: "" },
      { status: 200, content: "Refunds take 5 days." },
    ]);
    expect(result.status).toBe("completed");
    const scheduled = sink.ofType("stage.retry_scheduled").map((e) => e.data);
    expect(scheduled).toMatchObject([
      { attempt: 1, delayMs: 90_000, retryAfterMs: 90_000, capped: false },
      { attempt: 2, delayMs: 1_000 }, // the answer stage's own budget: 2 s before jitter
    ]);
    expect(clock.now()).toBe(91_000);
  });

  it("fails at once on a 400, with the provider's answer as the cause", async () => {
    const { result, requests } = await runVirtually([{ status: 400 }]);
    expect(result.status).toBe("failed");
    expect(requests).toHaveLength(1);
    expect(result.stages.answer?.error).toMatchObject({ code: "NON_RETRYABLE" });
    expect((result.stages.answer?.error as Error).cause).toBeInstanceOf(Response);
  });

  it("stops a pending backoff at once when the request's signal aborts", async () => {
    const closed = new AbortController();
    provider([{ status: 503, headers: { "retry-after": "60" } }]);
    const clock = new FakeClock();
    const sink = new RecordingEventSink();
    const running = example.graph.run(ContextSnapshot.create({ inputText: "hi" }), {
      interceptors: [example.retry],
      clock,
      eventSink: sink,
      signal: closed.signal,
    });
    await sink.waitFor("stage.retry_scheduled");
    closed.abort();
    const result = await running;
    expect(result.stages.answer).toMatchObject({ status: "cancel", attempts: 1 });
    expect(clock.pendingTimers).toBe(0);
  });
});
