import { ContextSnapshot, Pipeline, defineStage } from "@stageflow/core";
import { failureTolerance, FailureMode } from "@stageflow/tolerance";

const fetchPage = defineStage({
  name: "fetch",
  execute: (): { html: string } => {
    throw new Error("HTTP 502");
  },
});
const parse = defineStage({ name: "parse", execute: (ctx) => ctx.inputs.require(fetchPage).data });
const greet = defineStage({ name: "greet", execute: () => ({ text: "hello" }) });
const graph = new Pipeline("page")
  .withStage(fetchPage)
  .withStage(parse, { dependsOn: [fetchPage] })
  .withStage(greet)
  .build();
const snapshot = ContextSnapshot.create();

// #region run
const result = await graph.run(snapshot, {
  plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
});
// #endregion

// #region summary
const summary = result.failureSummary; // FailureSummary | undefined
console.log(summary?.failures); // [{ stage, error, errorType, timestamp, recoverable, context }]
console.log(summary?.blockedStages); // { parse: ["fetch"] }: what each failure kept from running
console.log(summary?.partialResults); // { stage: data } for every stage that completed
console.log(summary?.successRate); // completedStages / totalStages
console.log(JSON.stringify(summary)); // toJSON(): errors serialised as { name, message, code? }
// #endregion

export { result };
