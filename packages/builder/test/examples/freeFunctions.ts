import { Pipeline } from "@stageflow/core";
import {
  describePipeline,
  withConditionalBranch,
  withFanOutFanIn,
  withLinearChain,
  withParallelStages,
} from "@stageflow/builder";
import { router, step } from "./stages.js"; // small stage factories

export const pipeline = new Pipeline("ingest").withStage(step("fetch"));
withLinearChain(pipeline, 2, (i) => step(`clean_${i}`)); // fetch → clean_0 → clean_1
withParallelStages(pipeline, 2, (i) => step(`tag_${i}`)); // tag_0 and tag_1, both after clean_1
withFanOutFanIn(pipeline, step("split"), 3, (i) => step(`embed_${i}`), step("store"), {
  fanOutDependsOn: ["tag_0", "tag_1"],
}); // split → embed_0, embed_1, embed_2 → store
withConditionalBranch(pipeline, router("triage", "urgent"), { urgent: step("page"), normal: step("ticket") });

console.log(describePipeline(pipeline).criticalPath.join(" → "));
// fetch → clean_0 → clean_1 → tag_0 → split → embed_0 → store → triage → page
