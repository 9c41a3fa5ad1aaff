/**
 * @module `failureTolerance`: the plugin that applies a {@link FailureMode} to every run.
 */
import {
  assertKnownOptions,
  assertKnownStageNames,
  InvalidOptionsError,
  serializeError,
  type Plugin,
  type RunInfo,
  type StageInfo,
} from "@stageflow/core";
import { FailureCollector } from "./failureCollector.js";
import { FailureMode } from "./failureMode.js";
import { assertFailureMode } from "./internal/assertFailureMode.js";
import type { FailureSummary } from "./failureSummary.js";

declare module "@stageflow/core" {
  interface PipelineResultReports {
    /** Set by `failureTolerance`: every failure, what it blocked, and what completed. */
    readonly failureSummary?: FailureSummary;
  }
}

/** Options of {@link failureTolerance}. */
export interface FailureToleranceOptions {
  /** The failure policy. */
  readonly mode: FailureMode;
  /**
   * Judges whether a failure is recoverable; the answer goes on the `FailureRecord` and the
   * `failure.recorded` event. It does not change scheduling.
   * @defaultValue true when the mode lets the run continue past the failure (not FAIL_FAST)
   */
  readonly isRecoverable?: ((error: Error, stage: string) => boolean) | undefined;
  /**
   * Stages whose failure is tolerated whatever the mode (an optional enrichment, a best-effort
   * notification): the failure is recorded (recoverable) and reported, the stage's dependents run and
   * read its `fail` output, and the failure does not make the run `failed`. A name that is not a stage
   * of the graph but close to one (a misspelling) rejects the run before any stage starts; a name with
   * no stage near it is taken to belong to another pipeline the plugin serves.
   * @defaultValue []
   */
  readonly optional?: readonly string[] | undefined;
}

const KEYS = ["mode", "isRecoverable", "optional"] as const;

function describeBlockers(ancestors: readonly string[]): string {
  const names = ancestors.map((a) => `"${a}"`).join(", ");
  return ancestors.length === 1 ? `upstream stage ${names} failed` : `upstream stages ${names} failed`;
}

function validate(options: FailureToleranceOptions): FailureMode {
  assertKnownOptions("failureTolerance", options, KEYS);
  const mode = assertFailureMode("failureTolerance", options?.mode);
  if (
    options.optional !== undefined &&
    (!Array.isArray(options.optional) || !options.optional.every((n) => typeof n === "string"))
  ) {
    throw new InvalidOptionsError("failureTolerance", "optional must be an array of stage names.");
  }
  if (options.isRecoverable !== undefined && typeof options.isRecoverable !== "function") {
    throw new InvalidOptionsError(
      "failureTolerance",
      "isRecoverable must be a function (error, stage) => boolean.",
    );
  }
  return mode;
}

/**
 * Creates the plugin that applies a failure policy to each run, records every failure (also emitted
 * as a `failure.recorded` event) and attaches a {@link FailureSummary} to the result as
 * `result.failureSummary`.
 *
 * - FAIL_FAST leaves core's default alone: the first failure aborts the run.
 * - CONTINUE_ON_FAILURE answers `"continue"` when a stage fails and skips every stage downstream of
 *   it (transitively) with a reason naming the failed ancestor; unrelated branches keep running. The
 *   run ends `failed` and keeps every successful output.
 * - BEST_EFFORT answers `"continue"` and skips nothing: dependents run and read the `fail` output.
 * - Stages listed in `optional` are tolerated in every mode: their failure is recorded and reported,
 *   their dependents run, and the run can still complete.
 *
 * One plugin object may serve any number of concurrent runs; each run has its own collector.
 *
 * When a run starts, the plugin checks the names in `optional` against the run's graph: one that is
 * not a stage but is close to one throws an `InvalidOptionsError` naming both, and core rejects
 * `graph.run` (a `PLUGIN_ERROR` whose `cause` is that error) before any stage starts.
 * @param options - the mode, and optionally how to judge recoverability
 * @returns the plugin
 * @throws `InvalidOptionsError` for an unknown mode or option
 * @example
 * ```ts
 * const result = await graph.run(snapshot, {
 *   plugins: [failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE })],
 * });
 * result.status; // "failed" when anything failed
 * result.failureSummary?.partialResults; // data of every stage that completed
 * ```
 */
export function failureTolerance(options: FailureToleranceOptions): Plugin {
  const mode = validate(options);
  const optional = new Set(options.optional ?? []);
  const isRecoverable = options.isRecoverable ?? ((): boolean => mode !== FailureMode.FAIL_FAST);
  // An optional stage's failure never blocks its dependents.
  const blocking = (dependsOn: readonly string[]): readonly string[] =>
    optional.size === 0 ? dependsOn : dependsOn.filter((d) => !optional.has(d));
  const collectors = new WeakMap<RunInfo, FailureCollector>();
  // Stage lists (one per built graph, shared by its runs) already checked against `optional`.
  const checked = new WeakSet<readonly StageInfo[]>();
  const collectorOf = (run: RunInfo): FailureCollector => {
    let collector = collectors.get(run);
    if (collector === undefined) {
      collector = new FailureCollector(mode, { clock: run.clock });
      collectors.set(run, collector);
    }
    return collector;
  };

  return {
    name: `failureTolerance(${mode})`,
    onRunStart(run) {
      if (optional.size > 0 && !checked.has(run.stages)) {
        const graph = { pipeline: run.pipeline, stages: run.stages.map((s) => s.name) };
        assertKnownStageNames("failureTolerance", "optional", optional, graph);
        checked.add(run.stages);
      }
      collectorOf(run);
    },
    shouldRun(stage, _dependencies, run) {
      if (mode !== FailureMode.CONTINUE_ON_FAILURE) return undefined;
      const collector = collectorOf(run);
      if (collector.shouldContinue(stage.name, blocking(stage.dependsOn))) return undefined;
      return { skip: describeBlockers(collector.blockersOf(stage.name)) };
    },
    onStageSettled(stage, outcome, run) {
      const collector = collectorOf(run);
      if (outcome.status === "ok") {
        collector.recordCompletion(stage.name);
        return undefined;
      }
      if (outcome.status === "skip" && mode === FailureMode.CONTINUE_ON_FAILURE) {
        // A stage skipped before shouldRun (its `when` was false) still sits downstream of any failed
        // ancestor: remember that, so its own dependents stay blocked.
        collector.shouldContinue(stage.name, blocking(stage.dependsOn));
      }
      if (outcome.status !== "fail") return undefined;
      const error = outcome.error ?? new Error(`stage "${stage.name}" failed`);
      const tolerated = optional.has(stage.name);
      let recoverable: boolean;
      try {
        recoverable = tolerated || isRecoverable(error, stage.name) === true;
      } catch {
        // A broken classifier must not change scheduling; the failure is recorded as not recoverable.
        recoverable = false;
      }
      collector.recordFailure(stage.name, error, {
        recoverable,
        context: { attempts: outcome.attempts, ...(tolerated ? { optional: true } : {}) },
      });
      run.emit("failure.recorded", { error: serializeError(error), recoverable, mode }, stage.name);
      if (tolerated) return "tolerate";
      return mode === FailureMode.FAIL_FAST ? undefined : "continue";
    },
    onRunEnd(result, run) {
      const collector = collectorOf(run);
      collectors.delete(run);
      // A failure counted against the run that this plugin never saw as a stage failure (another
      // plugin stopped the run with its own reason) belongs in the summary too.
      const recorded = collector.failures;
      for (const { stage, error } of result.errors) {
        if (recorded.some((f) => f.stage === stage && f.error === error)) continue;
        collector.recordFailure(stage, error, { recoverable: false, context: { stoppedRun: true } });
        run.emit("failure.recorded", { error: serializeError(error), recoverable: false, mode }, stage);
      }
      const partialResults: Record<string, unknown> = {};
      for (const [name, output] of Object.entries(result.outputs)) {
        if (output.status === "ok") partialResults[name] = output.data;
      }
      return { failureSummary: collector.getSummary(run.stages.length, partialResults) };
    },
  };
}
