// Tiny stages for the builder examples: each records its name and the names of the inputs it saw.
import { StageKind, StageOutput, defineStage, type Stage } from "@stageflow/core";

export function step(name: string, kind: StageKind = StageKind.TRANSFORM): Stage<{ from: string[] }> {
  return defineStage({
    name,
    kind,
    execute: (ctx) => ({ from: ctx.inputs.names.filter((n) => ctx.inputs.has(n)) }),
  });
}

export function router(name: string, route: string): Stage<{ route: string }> {
  return defineStage({ name, kind: StageKind.ROUTE, execute: () => StageOutput.ok({ route }) });
}
