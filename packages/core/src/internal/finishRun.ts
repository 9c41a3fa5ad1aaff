/**
 * @module Builds a run's result, lets plugins attach reports, and emits the final event.
 * @internal
 */
import { serializeError, type RunEndData, type RunStatus } from "../events/eventTypes.js";
import { PipelineResult, type StageRecord } from "../pipelineResult.js";
import type { PluginHooks } from "./pluginHooks.js";
import type { Run } from "./run.js";

const RESERVED = new Set([
  "status",
  "pipeline",
  "runId",
  "durationMs",
  "errors",
  "cancelReason",
  "sinkErrors",
  "lateEvents",
  "pluginErrors",
  "outputs",
  "stages",
  "output",
  "require",
  "throwIfFailed",
  "toJSON",
]);

/** Finishes a run whose stages have all settled. */
export async function finishRun(run: Run, hooks: PluginHooks | undefined): Promise<PipelineResult> {
  const status: RunStatus =
    run.stopping === "cancelled"
      ? "cancelled"
      : run.stopping === "failed" || run.failures.length > 0
        ? "failed"
        : "completed";
  const durationMs = Math.max(0, run.clock.now() - run.startedAtRun);
  const result = new PipelineResult({
    pipeline: run.graph.name,
    runId: run.host.runId,
    status,
    durationMs,
    names: run.graph.stageNames,
    outputs: run.outputs,
    record: (index) => run.outcomeOf(index) as StageRecord,
    failures: run.failures,
    cancelReason: run.cancelReason,
    sinkErrors: () => run.emitter.sinkErrors,
    lateEvents: () => run.emitter.lateEvents,
  });
  if (hooks !== undefined) {
    const reports = await hooks.runEnd(result);
    for (const [key, value] of Object.entries(reports)) {
      if (!RESERVED.has(key)) Object.defineProperty(result, key, { value, enumerable: true });
    }
    if (hooks.errors.length > 0)
      Object.defineProperty(result, "pluginErrors", { value: [...hooks.errors], enumerable: true });
  }
  if (run.emitter.enabled) {
    const counts = run.records.counts();
    const data: { -readonly [K in keyof RunEndData]: RunEndData[K] } = {
      status,
      durationMs,
      counts: { ...counts, retry: 0 },
    };
    // A cancelled run lists failures too when a stage failed (or a plugin stopped the run) while it
    // was being cancelled, so the event says what `result.errors` says.
    if (status === "failed" || run.failures.length > 0)
      data.failures = run.failures.map((f) => ({ stage: f.stage, error: serializeError(f.error) }));
    if (status === "cancelled" && run.cancelReason !== undefined)
      data.reason = serializeError(run.cancelReason);
    run.emitter.emit(`pipeline.${status}`, undefined, undefined, data);
  }
  run.emitter.close();
  return result;
}
