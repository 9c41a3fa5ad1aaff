/**
 * @module What a run does once a stage has settled, outside the common case of an `ok` with no plugins:
 * tells the sinks and plugins, and applies the failure policy (records a failure against the run and stops
 * it: fail-fast by default, or as the plugins decided).
 * @internal
 */
import { PipelineCancelledError } from "../errors/pipelineCancelledError.js";
import type { StageFailure } from "../errors/pipelineFailedError.js";
import type { StageOutcome } from "../plugin.js";
import type { StageStatus } from "../stageKind.js";
import type { RunEmitter } from "./emitter.js";
import type { GraphNode } from "./graphNode.js";
import type { CombinedDecision, PluginHooks } from "./pluginHooks.js";

/** The run state the failure policy reads and changes. */
export interface PolicyTarget {
  /** Failures that count against the run, in the order they happened. */
  readonly failures: StageFailure[];
  /** Set once the run has stopped. */
  readonly stopping: "failed" | "cancelled" | undefined;
  /** Stops the run: aborts its signal and gives running stages a grace period. */
  stop(kind: "failed" | "cancelled", reason: Error): void;
  readonly emitter: RunEmitter;
  readonly hooks: PluginHooks | undefined;
  /** A settled stage's outcome record. */
  outcomeOf(index: number): StageOutcome | undefined;
}

/**
 * Reports a stage that has just settled with `status` (its record already written) to the sinks and
 * plugins, and applies the failure policy to a failure, a cancellation, or a plugin's request to stop.
 */
export function reportSettled(run: PolicyTarget, node: GraphNode, status: StageStatus): void {
  const hooks = run.hooks;
  if (run.emitter.enabled || hooks !== undefined) {
    const outcome = run.outcomeOf(node.index) as StageOutcome;
    run.emitter.stageSettled(node.name, outcome);
    const decision = hooks?.settled(node, outcome);
    if (status === "fail" || status === "cancel" || typeof decision === "object")
      applyFailurePolicy(run, node, outcome, decision);
  } else if (status === "fail" || status === "cancel") {
    applyFailurePolicy(run, node, run.outcomeOf(node.index) as StageOutcome, undefined);
  }
}

/**
 * Applies the failure policy to a failed or cancelled stage (or to one a plugin asked to stop the run on).
 *
 * A tolerated failure stays on the stage's record but does not count against the run. A plugin's reason
 * for stopping the run is recorded against the stage that had just settled: beside a failed stage's own
 * error only when the plugin gave one (a bare "abort" on a failure adds nothing new).
 */
function applyFailurePolicy(
  run: PolicyTarget,
  node: GraphNode,
  outcome: StageOutcome,
  decision: CombinedDecision,
): void {
  const { status, output } = outcome;
  const stopped = typeof decision === "object" ? decision : undefined;
  const abort = stopped?.abort;
  if (status === "fail" && decision !== "tolerate")
    run.failures.push({ stage: node.name, error: output?.error ?? new Error("failed") });
  const newReason =
    status === "fail" ? stopped?.given === true && abort !== output?.error : status !== "cancel";
  if (abort !== undefined && newReason) run.failures.push({ stage: node.name, error: abort });
  if (status === "cancel" && run.stopping === undefined) {
    run.stop(
      "cancelled",
      output?.error ?? new PipelineCancelledError(outcome.reason ?? "cancelled", node.name),
    );
  } else if (abort !== undefined || (status === "fail" && decision === undefined)) {
    const why = status === "fail" ? "failed" : `settled and a plugin stopped the run (${abort?.message})`;
    run.stop(
      "failed",
      new PipelineCancelledError(
        `stage "${node.name}" ${why}, so the run was stopped`,
        node.name,
        status === "fail" ? output?.error : abort,
      ),
    );
  }
}
