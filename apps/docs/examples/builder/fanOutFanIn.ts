// fanOutFanIn: one stage fans out to workers, one stage reads every worker's output.
import { ContextSnapshot, StageKind, defineStage } from "@stageflow/core";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { step } from "../shared/stages.js";

const summarise = (i: number) =>
  defineStage({ name: `summarise${i}`, execute: () => ({ summary: `part ${i}` }) });
const combine = defineStage({
  name: "combine",
  execute: (ctx) => ({
    text: ctx.inputs.names.map((n) => ctx.inputs.getFrom<string>(n, "summary", "")).join(" + "),
  }),
});

const builder = new FluentPipelineBuilder("map-reduce").fanOutFanIn(
  step("split", StageKind.WORK),
  3,
  summarise,
  combine,
);

export const graph = builder.build();
const result = await graph.run(ContextSnapshot.create());
console.log(result.status, "-", result.require<{ text: string }>("combine").data.text);
console.log(builder.toMermaid());
