/**
 * @module `PipelineResult`: what a run resolves with, even when stages fail or it is cancelled.
 */
import { PipelineCancelledError } from "./errors/pipelineCancelledError.js";
import { PipelineFailedError, type StageFailure } from "./errors/pipelineFailedError.js";
import { StageflowError } from "./errors/stageflowError.js";
import type { RunStatus } from "./events/eventTypes.js";
import { closestMatch } from "./options.js";
import type { AnyStage, StageData } from "./stage.js";
import type { StageStatus } from "./stageKind.js";
import type { OkStageOutput, StageOutput } from "./stageOutput.js";

/** How one stage of a run ended. */
export interface StageRecord {
  /** Final status (`retry` settles as `fail`). */
  readonly status: Exclude<StageStatus, "retry">;
  /** Attempts run (0 when it never started). */
  readonly attempts: number;
  /** Time from start to settlement (0 when it never started). */
  readonly durationMs: number;
  /** The error of a failed or cancelled stage. */
  readonly error: Error | undefined;
  /** Why it skipped or was cancelled. */
  readonly reason: string | undefined;
  /** True when skipped because a route did not select it (or all of its dependencies were pruned). */
  readonly pruned: boolean;
}

/**
 * Reports that plugins attach to a result. Packages extend it by declaration merging, e.g.
 * `@stageflow/tolerance` adds `failureSummary`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PipelineResultReports {}

/** Raw per-stage data the executor hands over. @internal */
export interface ResultData {
  readonly pipeline: string;
  readonly runId: string;
  readonly status: RunStatus;
  readonly durationMs: number;
  readonly names: readonly string[];
  readonly outputs: ReadonlyArray<StageOutput | undefined>;
  /** The record of stage `index` (every stage has settled when the result is built). */
  readonly record: (index: number) => StageRecord;
  readonly failures: readonly StageFailure[];
  readonly cancelReason: Error | undefined;
  readonly sinkErrors: () => number;
  readonly lateEvents: () => number;
}

/** The outputs of a result, by stage name: every name may be missing (a stage that produced none). */
export type ResultOutputs<TNames extends string> = string extends TNames
  ? Readonly<Record<string, StageOutput>>
  : Readonly<Partial<Record<TNames, StageOutput>>>;

/**
 * The outcome of one run. A run resolves with this even on failure or cancellation, so partial
 * outputs are never lost; call `throwIfFailed()` to turn failure into an exception.
 *
 * `TNames` are the pipeline's stage names when its builder knew them (`FluentPipelineBuilder`), so a
 * misspelt name in `output`, `require` or `stages` is a compile error; `string` otherwise.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- plugins' reports are typed by merging
export class PipelineResult<TNames extends string = string> {
  /** How the run ended. */
  readonly status: RunStatus;
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The run id. */
  readonly runId: string;
  /** Run duration on the run's clock. */
  readonly durationMs: number;
  /** Failed stages in the order they failed. */
  readonly errors: readonly StageFailure[];
  /** Why the run was cancelled, when it was. */
  readonly cancelReason: Error | undefined;
  /**
   * Errors raised by plugins' hooks and the release functions `acquire` returned (each a
   * `StageflowError` with code `"PLUGIN_ERROR"` whose cause is what was thrown), and answers core did
   * not understand. Present only when there were any; they never fail the run on their own.
   */
  declare readonly pluginErrors?: readonly Error[];
  readonly #data: ResultData;
  #outputs: Readonly<Record<string, StageOutput>> | undefined;
  #stages: Readonly<Record<string, StageRecord>> | undefined;
  #index: Map<string, number> | undefined;

  /** @internal */
  constructor(data: ResultData) {
    this.#data = data;
    this.status = data.status;
    this.pipeline = data.pipeline;
    this.runId = data.runId;
    this.durationMs = data.durationMs;
    this.errors = data.failures;
    this.cancelReason = data.cancelReason;
  }

  /**
   * Errors the run's event sink raised (they never fail the run). Live: an async sink's rejection
   * that arrives after the run resolved is counted too, as is one on the final `pipeline.*` event.
   */
  get sinkErrors(): number {
    return this.#data.sinkErrors();
  }

  /**
   * Events emitted for this run after its `pipeline.*` end event, which were not delivered so that
   * the end event stays the last one. They come from a stage the run gave up on after `abortGraceMs`
   * that kept running (its `ctx.emit` calls, its retry's or timeout's events). Live, like
   * {@link sinkErrors}: events emitted after the run resolved are counted too.
   */
  get lateEvents(): number {
    return this.#data.lateEvents();
  }

  /** Outputs of every stage that produced one, by name. */
  get outputs(): ResultOutputs<TNames> {
    if (this.#outputs === undefined) {
      const out: Record<string, StageOutput> = {};
      this.#data.names.forEach((name, i) => {
        const output = this.#data.outputs[i];
        if (output !== undefined) out[name] = output;
      });
      this.#outputs = Object.freeze(out);
    }
    return this.#outputs as ResultOutputs<TNames>;
  }

  /** One record per stage of the pipeline, by name. */
  get stages(): Readonly<Record<TNames, StageRecord>> {
    if (this.#stages === undefined) {
      const out: Record<string, StageRecord> = {};
      this.#data.names.forEach((name, i) => {
        out[name] = this.#data.record(i);
      });
      this.#stages = Object.freeze(out);
    }
    return this.#stages;
  }

  #indexOf(ref: string | AnyStage): number {
    const name = typeof ref === "string" ? ref : String(ref?.name);
    this.#index ??= new Map(this.#data.names.map((n, i) => [n, i]));
    const index = this.#index.get(name);
    if (index === undefined) {
      const hint = closestMatch(name, this.#data.names);
      throw new StageflowError(
        "UNKNOWN_STAGE",
        `Pipeline "${this.pipeline}" has no stage "${name}".${hint ? ` Did you mean "${hint}"?` : ""}`,
      );
    }
    return index;
  }

  /**
   * The output of a stage, or `undefined` when it produced none.
   * @param stage - the stage object (its output is typed by its schema)
   * @throws a `StageflowError` (`"UNKNOWN_STAGE"`) for a stage the pipeline does not have
   */
  output<S extends AnyStage & { readonly name: TNames }>(stage: S): StageOutput<StageData<S>> | undefined;
  /**
   * The output of a stage, by name.
   * @param name - a stage of this pipeline
   * @throws a `StageflowError` (`"UNKNOWN_STAGE"`) for a name the pipeline does not have
   */
  output<T = unknown>(name: TNames): StageOutput<T> | undefined;
  output(stage: string | AnyStage): StageOutput | undefined {
    return this.#data.outputs[this.#indexOf(stage)];
  }

  /**
   * The output of a stage that must have completed with `ok`.
   * @param stage - the stage object (its output is typed by its schema)
   * @throws a `StageflowError` (`"MISSING_OUTPUT"`) naming the stage's status when it did not complete
   */
  require<S extends AnyStage & { readonly name: TNames }>(stage: S): OkStageOutput<StageData<S>>;
  /**
   * The output of a stage that must have completed with `ok`, by name.
   * @param name - a stage of this pipeline
   * @throws a `StageflowError` (`"MISSING_OUTPUT"`) naming the stage's status when it did not complete
   */
  require<T = unknown>(name: TNames): OkStageOutput<T>;
  require(stage: string | AnyStage): OkStageOutput {
    const index = this.#indexOf(stage);
    const name = this.#data.names[index] as string;
    const output = this.#data.outputs[index];
    const record = this.#data.record(index);
    if (output === undefined || output.status !== "ok") {
      throw new StageflowError(
        "MISSING_OUTPUT",
        `Stage "${name}" did not complete (status: ${record.status}${record.reason ? `, ${record.reason}` : ""}).`,
        { cause: record.error },
      );
    }
    return output;
  }

  /**
   * Throws when the run did not complete.
   * @returns this result, for chaining
   * @throws {@link PipelineFailedError} (an `AggregateError` of every stage error) when failed;
   * {@link PipelineCancelledError} when cancelled
   */
  throwIfFailed(): this {
    if (this.status === "failed") throw new PipelineFailedError(this.pipeline, this.errors);
    if (this.status === "cancelled") {
      if (this.cancelReason instanceof PipelineCancelledError) throw this.cancelReason;
      throw new PipelineCancelledError(
        this.cancelReason?.message ?? "cancelled",
        undefined,
        this.cancelReason,
      );
    }
    return this;
  }

  /** A JSON view: status, duration, and per-stage status, attempts, duration, error and data. */
  toJSON(): Record<string, unknown> {
    const stages: Record<string, unknown> = {};
    this.#data.names.forEach((name, i) => {
      const r = this.#data.record(i);
      stages[name] = {
        status: r.status,
        attempts: r.attempts,
        durationMs: r.durationMs,
        ...(r.reason !== undefined ? { reason: r.reason } : {}),
        ...(r.error !== undefined ? { error: { name: r.error.name, message: r.error.message } } : {}),
        ...(this.#data.outputs[i] !== undefined ? { data: this.#data.outputs[i]?.data } : {}),
      };
    });
    return {
      pipeline: this.pipeline,
      runId: this.runId,
      status: this.status,
      durationMs: this.durationMs,
      stages,
    };
  }
}

/**
 * Reports attached by plugins (see {@link PipelineResultReports}) become typed fields of the result
 * through declaration merging.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars -- merged with the class, so its type parameter must be declared
export interface PipelineResult<TNames extends string = string> extends PipelineResultReports {}
