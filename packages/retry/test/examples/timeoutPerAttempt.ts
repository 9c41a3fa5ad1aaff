import { Pipeline, defineStage } from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";

const pipeline = new Pipeline("chat");
/** A model call that hangs on its first attempt (honouring its signal) and answers on the second. */
const answer = defineStage({
  name: "answer",
  execute: async (ctx) => {
    if (ctx.attempt === 1) await ctx.clock.sleep(60_000, ctx.signal);
    return { text: "Refunds take 5 days." };
  },
});

// #region perAttempt
// Each attempt gets 10 s; up to 3 attempts.
pipeline.withStage(answer, { timeoutMs: 10_000, interceptors: [new RetryInterceptor()] });
// #endregion

export { pipeline };
