// Stand-ins for the application code around the README samples.
import { Pipeline, defineStage } from "@stageflow/core";

/** A report job polled with growing waits: three and a half minutes in all. */
export const graph = new Pipeline("report")
  .withStage(
    defineStage({
      name: "poll",
      execute: async (ctx) => {
        for (const wait of [30_000, 60_000, 120_000]) await ctx.clock.sleep(wait, ctx.signal);
        return { ready: true };
      },
    }),
  )
  .build();

/** A pipeline whose model call fails. */
export const failingGraph = new Pipeline("chat")
  .withStage(
    defineStage({
      name: "llm",
      execute: () => {
        throw new Error("model unavailable");
      },
    }),
  )
  .build();

/** The stage under test: answers from the first retrieved document, and says how many it had. */
export const answer = defineStage({
  name: "answer",
  execute: (ctx) => {
    const docs = ctx.inputs.getFrom<string[]>("retrieve", "docs", []);
    ctx.emit("answer.sources", { count: docs.length });
    return { text: docs[0] ?? "I don't know." };
  },
});
