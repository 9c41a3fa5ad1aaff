// The stage under test: answers from retrieved documents, waits on the run's clock between tries.
import { StageKind, StageOutput, defineStage } from "@stageflow/core";
import { TransientError } from "@stageflow/retry";
import { z } from "zod";

export const answer = defineStage({
  name: "answer",
  kind: StageKind.TRANSFORM,
  output: z.object({ text: z.string(), sources: z.number() }),
  execute: async (ctx) => {
    const docs = ctx.inputs.getFrom<string[]>("retrieve", "docs", []);
    if (docs.length === 0) return StageOutput.skip("nothing to answer from");
    if (ctx.attempt === 1 && ctx.snapshot.metadata["flaky"] === true)
      throw new TransientError("model overloaded");
    await ctx.clock.sleep(2_000, ctx.signal); // a slow model call, honouring the signal
    ctx.recordStageEvent("progress", { docs: docs.length });
    return { text: `Based on ${docs.length} document(s): ${docs[0]}`, sources: docs.length };
  },
});
