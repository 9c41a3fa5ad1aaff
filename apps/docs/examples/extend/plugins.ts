// A plugin: run-level policy (shouldRun, onStageSettled) and a typed report on the result.
import {
  ContextSnapshot,
  Pipeline,
  StageOutput,
  defineStage,
  type Plugin,
  type RunInfo,
} from "@stageflow/core";

// Type the report this plugin attaches, through declaration merging.
declare module "@stageflow/core" {
  interface PipelineResultReports {
    /** Set by the feature-flags plugin: flags that were off, optional stages whose failure was tolerated. */
    featureFlags?: { readonly disabled: readonly string[]; readonly toleratedFailures: readonly string[] };
  }
}

/** Skips stages behind disabled flags and lets optional stages fail without failing the run. */
function featureFlags(options: { disabled: readonly string[]; optional: readonly string[] }): Plugin {
  // One plugin object may serve concurrent runs: keep per-run state keyed by the RunInfo.
  const tolerated = new WeakMap<RunInfo, string[]>();
  return {
    name: "feature-flags",
    onRunStart: (run) => void tolerated.set(run, []),
    shouldRun: (stage) =>
      options.disabled.includes(stage.name) ? { skip: `flag "${stage.name}" is off` } : undefined,
    onStageSettled: (stage, outcome, run) => {
      if (outcome.status !== "fail" || !options.optional.includes(stage.name)) return undefined; // core decides
      tolerated.get(run)?.push(stage.name);
      return "continue";
    },
    onRunEnd: (_result, run) => ({
      featureFlags: { disabled: options.disabled, toleratedFailures: tolerated.get(run) ?? [] },
    }),
  };
}

const graph = new Pipeline("flags")
  .withStage(defineStage({ name: "answer", execute: () => ({ text: "42" }) }))
  .withStage(defineStage({ name: "suggestions", execute: () => StageOutput.fail("suggestion service down") }))
  .withStage(defineStage({ name: "experiment", execute: () => ({ variant: "B" }) }))
  .build();

const result = await graph.run(ContextSnapshot.create(), {
  plugins: [featureFlags({ disabled: ["experiment"], optional: ["suggestions"] })],
});
console.log("status:", result.status);
for (const [name, record] of Object.entries(result.stages)) console.log(`${name}: ${record.status}`);
console.log("report:", JSON.stringify(result.featureFlags));
