import { FluentPipelineBuilder } from "@stageflow/builder";
import { defineStage } from "@stageflow/core";

const tools = ["search", "calculator", "weather"];
const makeToolStage = (tool: string) => defineStage({ name: tool, execute: () => ({ tool }) });

// #region loop
let b: FluentPipelineBuilder<string> = new FluentPipelineBuilder("tools");
for (const tool of tools) b = b.stage(makeToolStage(tool), { dependsOn: [] });
// #endregion

export { b as toolsBuilder };
