/**
 * @module `FailureCollector`: records a run's failures and decides what may still run.
 */
import { assertKnownOptions, InvalidOptionsError, systemClock, type Clock } from "@stageflow/core";
import { FailureMode } from "./failureMode.js";
import { assertFailureMode } from "./internal/assertFailureMode.js";
import { createFailureSummary, type FailureRecord, type FailureSummary } from "./failureSummary.js";

/** Options of {@link FailureCollector}. */
export interface FailureCollectorOptions {
  /**
   * Where failure timestamps come from (the run's clock inside a pipeline).
   * @defaultValue `systemClock`
   */
  readonly clock?: Clock | undefined;
}

/** Options of {@link FailureCollector.recordFailure}. */
export interface RecordFailureOptions {
  /**
   * Whether the failure is recoverable (informational; carried on the record and the event).
   * @defaultValue false
   */
  readonly recoverable?: boolean | undefined;
  /** Free-form details kept on the record. */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
}

const COLLECTOR_KEYS = ["clock"] as const;
const RECORD_KEYS = ["recoverable", "context"] as const;

/**
 * Tracks which stages failed and completed, and answers, under its {@link FailureMode}, whether a
 * stage may still run. `failureTolerance` keeps one per run; use it directly to apply the same rules
 * in your own executor or tests.
 * @example
 * ```ts
 * const collector = new FailureCollector(FailureMode.CONTINUE_ON_FAILURE);
 * collector.recordFailure("fetch", new Error("503"));
 * collector.shouldContinue("parse", ["fetch"]); // false: "fetch" failed
 * collector.blockersOf("parse"); // ["fetch"]
 * ```
 */
export class FailureCollector {
  /** The policy this collector applies. */
  readonly mode: FailureMode;
  readonly #clock: Clock;
  readonly #failures: FailureRecord[] = [];
  readonly #failed = new Set<string>();
  readonly #completed = new Set<string>();
  readonly #blocked = new Map<string, readonly string[]>();

  /**
   * @param mode - the failure policy
   * @param options - the clock failure timestamps come from
   * @defaultValue mode: `FailureMode.FAIL_FAST`
   * @throws `InvalidOptionsError` for an unknown mode or option
   */
  constructor(mode: FailureMode = FailureMode.FAIL_FAST, options: FailureCollectorOptions = {}) {
    if (typeof mode === "object" && mode !== null && "mode" in mode) {
      throw new InvalidOptionsError(
        "FailureCollector",
        "takes the mode itself as its first argument: new FailureCollector(FailureMode.CONTINUE_ON_FAILURE, { clock }).",
      );
    }
    assertKnownOptions("FailureCollector", options, COLLECTOR_KEYS);
    this.mode = assertFailureMode("FailureCollector", mode);
    this.#clock = options.clock ?? systemClock;
  }

  /** Whether any failure was recorded. */
  get hasFailures(): boolean {
    return this.#failures.length > 0;
  }

  /** Names of the stages that failed, in the order they first failed. */
  get failedStages(): readonly string[] {
    return [...this.#failed];
  }

  /** Every recorded failure, in order. */
  get failures(): readonly FailureRecord[] {
    return [...this.#failures];
  }

  /**
   * Records a failure.
   * @param stage - the stage that failed
   * @param error - what it failed with (a non-Error is wrapped)
   * @param options - `recoverable` and free-form `context`
   * @returns the frozen record
   * @throws `InvalidOptionsError` for an unknown option
   */
  recordFailure(stage: string, error: unknown, options: RecordFailureOptions = {}): FailureRecord {
    assertKnownOptions("FailureCollector.recordFailure", options, RECORD_KEYS);
    const err = error instanceof Error ? error : new Error(String(error));
    const record: FailureRecord = Object.freeze({
      stage,
      error: err,
      errorType: err.name,
      timestamp: this.#clock.now(),
      recoverable: options.recoverable ?? false,
      context: Object.freeze({ ...options.context }),
    });
    this.#failures.push(record);
    this.#failed.add(stage);
    this.#completed.delete(stage);
    return record;
  }

  /**
   * Records that a stage completed successfully.
   * @param stage - the stage
   */
  recordCompletion(stage: string): void {
    if (!this.#failed.has(stage)) this.#completed.add(stage);
  }

  /**
   * The failed stages upstream of `stage` through `dependsOn`: dependencies that failed, plus the
   * failed ancestors of dependencies that were themselves blocked. Pure: records nothing.
   * @param dependsOn - the stage's direct dependencies
   * @returns failed ancestor names, without duplicates, in dependency order
   */
  failedAncestors(dependsOn: readonly string[]): readonly string[] {
    const found = new Set<string>();
    for (const dep of dependsOn) {
      if (this.#failed.has(dep)) found.add(dep);
      for (const ancestor of this.#blocked.get(dep) ?? []) found.add(ancestor);
    }
    return [...found];
  }

  /**
   * Decides whether `stage` may run under this collector's mode. FAIL_FAST: only while nothing has
   * failed. CONTINUE_ON_FAILURE: only when no dependency failed or was blocked by a failure; when
   * it may not, the stage is remembered as blocked so that its own dependents are blocked too.
   * BEST_EFFORT: always.
   * @param stage - the stage about to run
   * @param dependsOn - its direct dependencies
   * @returns whether it may run
   */
  shouldContinue(stage: string, dependsOn: readonly string[]): boolean {
    if (this.mode === FailureMode.BEST_EFFORT) return true;
    if (this.mode === FailureMode.FAIL_FAST) return !this.hasFailures;
    const ancestors = this.failedAncestors(dependsOn);
    if (ancestors.length === 0) return true;
    this.#blocked.set(stage, ancestors);
    return false;
  }

  /**
   * The failed ancestors that blocked `stage`, or an empty list when it was not blocked.
   * @param stage - a stage name
   * @returns failed ancestor names
   */
  blockersOf(stage: string): readonly string[] {
    return this.#blocked.get(stage) ?? [];
  }

  /**
   * Summarises what was recorded.
   * @param totalStages - stages in the pipeline
   * @param partialResults - data of the stages that completed, by name
   * @returns a frozen summary with `toJSON()`
   */
  getSummary(totalStages: number, partialResults: Readonly<Record<string, unknown>> = {}): FailureSummary {
    return createFailureSummary({
      mode: this.mode,
      totalStages,
      completedStages: this.#completed.size,
      failedStages: this.#failed.size,
      blockedStages: Object.freeze(Object.fromEntries(this.#blocked)),
      failures: Object.freeze([...this.#failures]),
      partialResults: Object.freeze({ ...partialResults }),
    });
  }
}
