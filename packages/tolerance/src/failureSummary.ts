/**
 * @module `FailureRecord` and `FailureSummary`: what a failure collector reports about a run.
 */
import { serializeError, type SerializedError } from "@stageflow/core";
import type { FailureMode } from "./failureMode.js";

/** One recorded failure. */
export interface FailureRecord {
  /** The stage that failed. */
  readonly stage: string;
  /** What it failed with. */
  readonly error: Error;
  /** The error's `name` (`"StageTimeoutError"`), handy for grouping. */
  readonly errorType: string;
  /** When it was recorded, on the collector's clock (the run's clock inside a pipeline). */
  readonly timestamp: number;
  /** Whether the failure was judged recoverable (see `failureTolerance`'s `isRecoverable`). */
  readonly recoverable: boolean;
  /** Free-form details given when the failure was recorded. */
  readonly context: Readonly<Record<string, unknown>>;
}

/** A JSON-safe {@link FailureRecord}. */
export interface FailureRecordJSON {
  /** The stage that failed. */
  readonly stage: string;
  /** The error as `{ name, message, code? }`. */
  readonly error: SerializedError;
  /** The error's `name`. */
  readonly errorType: string;
  /** When it was recorded. */
  readonly timestamp: number;
  /** Whether it was judged recoverable. */
  readonly recoverable: boolean;
  /** Free-form details. */
  readonly context: Readonly<Record<string, unknown>>;
}

/** A JSON-safe {@link FailureSummary}. */
export interface FailureSummaryJSON {
  /** The mode the run used. */
  readonly mode: FailureMode;
  /** Stages in the pipeline. */
  readonly totalStages: number;
  /** Stages that completed with `ok`. */
  readonly completedStages: number;
  /** Stages that failed. */
  readonly failedStages: number;
  /** Stages skipped because an upstream stage failed, with the failed ancestors' names. */
  readonly blockedStages: Readonly<Record<string, readonly string[]>>;
  /** Every failure, in the order recorded. */
  readonly failures: readonly FailureRecordJSON[];
  /** `data` of every stage that completed, by stage name. */
  readonly partialResults: Readonly<Record<string, unknown>>;
  /** `completedStages / totalStages` (0 for an empty pipeline). */
  readonly successRate: number;
  /** Whether anything failed. */
  readonly hasFailures: boolean;
}

/**
 * How a run went under a failure policy: counts, every failure, what was blocked by a failure, and
 * the data of every stage that completed. `toJSON()` gives a plain-JSON view (errors serialised).
 */
export interface FailureSummary extends Omit<FailureSummaryJSON, "failures"> {
  /** Every failure, in the order recorded, with the original errors. */
  readonly failures: readonly FailureRecord[];
  /** A plain-JSON view (errors as `{ name, message, code? }`). */
  toJSON(): FailureSummaryJSON;
}

/**
 * Builds a frozen {@link FailureSummary}.
 * @internal
 */
export function createFailureSummary(
  fields: Omit<FailureSummary, "toJSON" | "successRate" | "hasFailures">,
): FailureSummary {
  const successRate = fields.totalStages === 0 ? 0 : fields.completedStages / fields.totalStages;
  const summary: FailureSummary = {
    ...fields,
    successRate,
    hasFailures: fields.failures.length > 0,
    toJSON(): FailureSummaryJSON {
      return {
        mode: fields.mode,
        totalStages: fields.totalStages,
        completedStages: fields.completedStages,
        failedStages: fields.failedStages,
        blockedStages: fields.blockedStages,
        failures: fields.failures.map((f) => ({
          stage: f.stage,
          error: serializeError(f.error),
          errorType: f.errorType,
          timestamp: f.timestamp,
          recoverable: f.recoverable,
          context: f.context,
        })),
        partialResults: fields.partialResults,
        successRate,
        hasFailures: fields.failures.length > 0,
      };
    },
  };
  return Object.freeze(summary);
}
