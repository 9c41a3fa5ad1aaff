// linearChain: count stages from a factory, each depending on the previous one.
import { ContextSnapshot, StageKind } from "@stageflow/core";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { step } from "../shared/stages.js";

const builder = new FluentPipelineBuilder("ingest")
  .stage(step("load", StageKind.WORK))
  .linearChain(3, (i) => step(`clean${i + 1}`))
  .stage(step("index", StageKind.WORK)); // hangs off the chain's last stage (the tail rule)

export const graph = builder.build();
const result = await graph.run(ContextSnapshot.create());
console.log(result.status, graph.stageNames.join(" -> "));
console.log(builder.toMermaid());
