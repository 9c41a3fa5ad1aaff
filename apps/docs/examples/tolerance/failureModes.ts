// The three failure modes on the same pipeline: one source fails, what happens downstream?
import { ContextSnapshot, Pipeline, StageOutput, defineStage } from "@stageflow/core";
import { FailureMode, failureTolerance } from "@stageflow/tolerance";

const profile = defineStage({ name: "profile", execute: () => ({ tier: "gold" }) });
const orders = defineStage({
  name: "orders",
  execute: () => StageOutput.fail(new Error("orders API returned 503")),
});
const summarise = defineStage({
  name: "summarise",
  // Under BEST_EFFORT this runs and can see that its dependency failed.
  execute: (ctx) => ({ orders: ctx.inputs.get(orders)?.status === "ok" ? "listed" : "unavailable" }),
});
const greet = defineStage({ name: "greet", execute: () => ({ text: "Welcome back" }) });

const graph = new Pipeline("account-page")
  .withStage(profile)
  .withStage(orders)
  .withStage(summarise, { dependsOn: [orders] })
  .withStage(greet, { dependsOn: [profile] })
  .build();

for (const mode of [FailureMode.FAIL_FAST, FailureMode.CONTINUE_ON_FAILURE, FailureMode.BEST_EFFORT]) {
  const result = await graph.run(ContextSnapshot.create(), { plugins: [failureTolerance({ mode })] });
  const stages = Object.entries(result.stages).map(([name, r]) => `${name}=${r.status}`);
  console.log(`${mode}: run ${result.status}; ${stages.join(" ")}`);
  const summary = result.failureSummary;
  if (summary !== undefined) {
    console.log(
      `  completed ${summary.completedStages}/${summary.totalStages}, success rate ${summary.successRate}`,
    );
    console.log(
      `  blocked: ${JSON.stringify(summary.blockedStages)}; partial results: ${Object.keys(summary.partialResults).join(", ")}`,
    );
  }
}
