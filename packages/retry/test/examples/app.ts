// Stand-ins for the application code around the README samples: stages, a snapshot, a logger, a request.
import { ContextSnapshot, Pipeline, defineStage } from "@stageflow/core";
import { RetryInterceptor, TransientError } from "@stageflow/retry";

/** The last attempt each stand-in stage received, by stage name. */
export const attempts: Record<string, number> = {};

/** A stage that fails its first `failures` attempts with a `TransientError`, asking to wait `retryAfterMs`. */
export function flaky(name: string, failures = 1, retryAfterMs?: number) {
  return defineStage({
    name,
    execute: (ctx) => {
      attempts[name] = ctx.attempt;
      if (ctx.attempt > failures) return { name };
      throw new TransientError(`${name} is busy`, retryAfterMs === undefined ? {} : { retryAfterMs });
    },
  });
}

export const snapshot = ContextSnapshot.create({ inputText: "How do refunds work?" });

// For the placement sample: a graph whose stage asks to be retried at once, and a pipeline to add to.
export const graph = new Pipeline("answer").withStage(flaky("retrieve", 1, 0)).build();
export const pipeline = new Pipeline("search");
export const search = flaky("search");

// For the LLM sample.
export const retrieve = defineStage({
  name: "retrieve",
  execute: () => ({ docs: ["Refunds take 5 days."] }),
});
export const logged: Array<{ level: string; msg: string | undefined; obj: object }> = [];
const log = (level: string) => (obj: object, msg?: string) => void logged.push({ level, msg, obj });
export const logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
export const request = new Request("https://support.example.com/ask", { method: "POST" });

// For the overall-timeout sample: a model that takes 25 s and then fails, every time.
export const chatPipeline = new Pipeline("chat");
export const slowAnswer = defineStage({
  name: "answer",
  execute: async (ctx) => {
    attempts.slow_answer = ctx.attempt;
    await ctx.clock.sleep(25_000, ctx.signal);
    throw new TransientError("the model is overloaded");
  },
});

// For the virtual-time sample: a stage that fails twice, and a retry with the default backoff.
export const twiceFlakyGraph = new Pipeline("flaky").withStage(flaky("answer", 2)).build();
export const defaultRetry = new RetryInterceptor({ maxAttempts: 3 });
