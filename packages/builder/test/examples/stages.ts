// Small stage factories for the README samples: each stage outputs the names of the inputs it received.
import { StageKind, StageOutput, defineStage, type Stage } from "@stageflow/core";

export function step(name: string): Stage<{ from: string[] }> {
  return defineStage({
    name,
    execute: (ctx) => ({ from: ctx.inputs.names.filter((n) => ctx.inputs.has(n)) }),
  });
}

export function router(name: string, route: string): Stage<{ route: string }> {
  return defineStage({ name, kind: StageKind.ROUTE, execute: () => StageOutput.ok({ route }) });
}
