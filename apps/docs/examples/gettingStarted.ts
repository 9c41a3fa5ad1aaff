// A first pipeline: three stages, one dependency chain, and how to read the result.
import { ContextSnapshot, Pipeline, StageKind, StageOutput, defineStage } from "@stageflow/core";
import { z } from "zod";

// A stage with an output schema: its `ok` data is validated and typed for dependents.
const normalise = defineStage({
  name: "normalise",
  kind: StageKind.TRANSFORM,
  output: z.object({ question: z.string() }),
  execute: (ctx) => ({ question: (ctx.snapshot.inputText ?? "").trim().toLowerCase() }),
});

const retrieve = defineStage({
  name: "retrieve",
  kind: StageKind.ENRICH,
  execute: (ctx) => {
    // Passing the stage object (not its name) gives typed access to its data.
    const { question } = ctx.inputs.require(normalise).data;
    const docs = question.includes("refund") ? ["Refunds are accepted within 30 days."] : [];
    return StageOutput.ok({ docs });
  },
});

const answer = defineStage({
  name: "answer",
  kind: StageKind.TRANSFORM,
  execute: (ctx) => {
    const docs = ctx.inputs.getFrom<string[]>("retrieve", "docs", []);
    return { text: docs.length > 0 ? `From our policy: ${docs.join(" ")}` : "I don't know." };
  },
});

export const graph = new Pipeline("support")
  .withStage(normalise)
  .withStage(retrieve, { dependsOn: [normalise] })
  .withStage(answer, { dependsOn: [retrieve] })
  .build();

const snapshot = ContextSnapshot.create({
  inputText: "  What is your REFUND policy? ",
  runId: { userId: "u-42" },
});
const result = await graph.run(snapshot);

console.log("status:", result.status);
console.log("order:", graph.stageNames.join(" -> "));
for (const [name, record] of Object.entries(result.stages)) {
  console.log(`${name}: ${record.status} after ${record.attempts} attempt(s)`);
}
console.log("answer:", result.require<{ text: string }>("answer").data.text);
