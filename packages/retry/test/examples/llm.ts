import { logger, request, retrieve, snapshot } from "./app.js";
// #region llm
import { defineStage, LoggingEventSink, Pipeline, StageKind, StageOutput } from "@stageflow/core";
import {
  NonRetryableError,
  RateLimitError,
  RetryInterceptor,
  ServiceUnavailableError,
} from "@stageflow/retry";

const answer = defineStage({
  name: "answer",
  kind: StageKind.AGENT,
  async execute(ctx) {
    // ctx.signal belongs to this attempt: a per-attempt timeout or a run abort cancels the request.
    const res = await fetch("https://api.example.com/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.LLM_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "small-1",
        messages: [{ role: "user", content: ctx.snapshot.inputText }],
      }),
      signal: ctx.signal,
    });
    if (res.status === 429)
      throw new RateLimitError("the LLM provider rate-limited the request", { cause: res });
    if (res.status >= 500)
      throw new ServiceUnavailableError(`the LLM provider answered ${res.status}`, { cause: res });
    if (!res.ok)
      throw new NonRetryableError(`the LLM provider rejected the request (${res.status})`, { cause: res });
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    const text = body.choices[0]?.message.content ?? "";
    // An empty completion is worth another try: ask for a retry explicitly.
    return text === "" ? StageOutput.retry("the model returned an empty completion") : { text };
  },
});

const retry = new RetryInterceptor({
  maxAttempts: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  stages: {
    // The LLM gets a bigger budget and may wait up to two minutes when the provider says so.
    answer: { maxAttempts: 6, maxRetryAfterMs: 120_000, maxElapsedMs: 300_000 },
  },
});

const graph = new Pipeline("support-bot")
  .withStage(retrieve)
  .withStage(answer, { dependsOn: [retrieve], timeoutMs: 30_000 }) // 30 s per attempt
  .build();

const result = await graph.run(snapshot, {
  interceptors: [retry],
  eventSink: new LoggingEventSink({ logger }), // pino, bunyan or console
  signal: request.signal, // the user closing the page stops any pending backoff at once
});
// #endregion

export { answer, graph, result, retry };
