// parallel: stages that run concurrently after the same dependencies; the next stage joins them all.
import { ContextSnapshot, StageKind } from "@stageflow/core";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { step } from "../shared/stages.js";

const sources = ["profile", "memory", "documents"];
const builder = new FluentPipelineBuilder("context")
  .stage(step("guard", StageKind.GUARD))
  .parallel(3, (i) => step(sources[i] ?? `source${i}`, StageKind.ENRICH))
  .stage(step("prompt"));

export const graph = builder.build();
const result = await graph.run(ContextSnapshot.create());
console.log(
  result.status,
  "- prompt saw:",
  result.require<{ from: string[] }>("prompt").data.from.join(", "),
);
console.log(builder.toMermaid());
