// conditionalBranch: a ROUTE stage picks a branch; the others are pruned; the merge runs with what ran.
import { ContextSnapshot } from "@stageflow/core";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { router, step } from "../shared/stages.js";

const builder = new FluentPipelineBuilder("support")
  .stage(step("normalise"))
  .conditionalBranch(
    router("classify", "billing"),
    { billing: step("billing"), tech: step("tech"), chat: step("chat") },
    step("reply"),
  );

export const graph = builder.build();
const result = await graph.run(ContextSnapshot.create());
for (const [name, record] of Object.entries(result.stages))
  console.log(`${name}: ${record.status}${record.pruned ? " (pruned)" : ""}`);
console.log(builder.toMermaid());
