import { ContextSnapshot, Pipeline, StageKind, defineStage } from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";
import { z } from "zod";

const retrieve = defineStage({
  name: "retrieve",
  kind: StageKind.ENRICH,
  output: z.object({ docs: z.array(z.string()) }),
  execute: async (ctx) => ({ docs: [`Refunds take 5 days (you asked: ${ctx.snapshot.inputText})`] }),
});
const answer = defineStage({
  name: "answer",
  execute: (ctx) => ({ text: ctx.inputs.require(retrieve).data.docs.join(" ") }), // typed from the schema
});

const graph = new Pipeline("chat")
  .withStage(retrieve)
  .withStage(answer, { dependsOn: [retrieve], timeoutMs: 30_000 })
  .build();
const snapshot = ContextSnapshot.create({ inputText: "How do refunds work?" });
const result = await graph.run(snapshot, { interceptors: [new RetryInterceptor({ maxAttempts: 3 })] });
console.log(result.status, result.output("answer")?.data);
