// The same patterns as free functions over a core Pipeline, plus describe and lint.
import { ContextSnapshot, Pipeline, StageKind, defineStage } from "@stageflow/core";
import {
  describePipeline,
  lintPipeline,
  withConditionalBranch,
  withParallelStages,
} from "@stageflow/builder";
import { router, step } from "../shared/stages.js";

const pipeline = new Pipeline("triage").withStage(step("intake", StageKind.GUARD));
withParallelStages(pipeline, 2, (i) => step(["history", "entitlements"][i] ?? `s${i}`, StageKind.ENRICH), {
  dependsOn: ["intake"],
});
withConditionalBranch(
  pipeline,
  router("route", "urgent"),
  { urgent: step("page"), normal: step("ticket") },
  undefined,
  {
    routerDependsOn: ["history", "entitlements"],
  },
);
// A stage that declares a dependency it never reads: lint finds it from the source text.
pipeline.withStage(defineStage({ name: "notify", kind: StageKind.WORK, execute: () => ({ sent: true }) }), {
  dependsOn: ["page"],
});

export const graph = pipeline.build();
const result = await graph.run(ContextSnapshot.create());
console.log("status:", result.status);
console.log(describePipeline(pipeline).text);
for (const issue of lintPipeline(pipeline))
  console.log(`lint [${issue.severity}] ${issue.rule}: ${issue.message}`);
