// A plugin that attaches a typed report to every result.
import type { Plugin, RunInfo } from "@stageflow/core";

interface MyReport {
  readonly settled: readonly string[];
}

// #region augment
declare module "@stageflow/core" {
  interface PipelineResultReports {
    readonly myReport?: MyReport;
  }
}
// #endregion

/** Lists the stages in the order they settled, as `result.myReport`. */
export function myReportPlugin(): Plugin {
  const settled = new WeakMap<RunInfo, string[]>();
  return {
    name: "myReport",
    onRunStart: (run) => void settled.set(run, []),
    onStageSettled: (stage, _outcome, run) => void settled.get(run)?.push(stage.name),
    onRunEnd: (_result, run): { myReport: MyReport } => ({ myReport: { settled: settled.get(run) ?? [] } }),
  };
}
