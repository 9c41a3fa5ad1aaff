/**
 * @module `createTestStageContext`: a `StageContext` for calling `stage.execute(ctx)` directly.
 */
import {
  assertKnownOptions,
  createStageContext,
  type AnyStage,
  type Clock,
  type ContextSnapshot,
  type EventSink,
  type InterceptorContext,
  type ProvidedValue,
  type RandomSource,
  type StageKind,
  type StageOutput,
} from "@stageflow/core";
import { createTestSnapshot } from "./createTestSnapshot.js";

/** Options of {@link createTestStageContext}; every field is optional. */
export interface TestStageContextOptions<TInput = unknown> {
  /**
   * The stage's name.
   * @defaultValue `stage.name` when `stage` is given, else `"test-stage"`
   */
  readonly stageName?: string | undefined;
  /** The stage's kind; defaults to the kind of `stage`, else `"transform"`. */
  readonly stageKind?: StageKind | undefined;
  /**
   * The run's snapshot.
   * @defaultValue `createTestSnapshot()`
   */
  readonly snapshot?: ContextSnapshot<TInput> | undefined;
  /** Upstream stage name → its output. These become the stage's declared dependencies, and only these. */
  readonly inputs?: Readonly<Record<string, StageOutput>> | undefined;
  /** Where `ctx.emit` sends events, e.g. a `RecordingEventSink`. */
  readonly eventSink?: EventSink | undefined;
  /** The attempt's signal; defaults to one that never aborts. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The attempt number.
   * @defaultValue 1
   */
  readonly attempt?: number | undefined;
  /**
   * The clock `ctx.clock` returns; pass a `FakeClock` to control time.
   * @defaultValue core's `systemClock`
   */
  readonly clock?: Clock | undefined;
  /** The random source; defaults to `Math.random`. */
  readonly random?: RandomSource | undefined;
  /** Values for `ctx.get(key)`, made with `key.provide(value)`. */
  readonly values?: readonly ProvidedValue<unknown>[] | undefined;
  /** The stage object interceptors see as `ctx.stage`. */
  readonly stage?: AnyStage | undefined;
  /**
   * The pipeline name in events.
   * @defaultValue `"test-pipeline"`
   */
  readonly pipeline?: string | undefined;
}

const KEYS = [
  "stageName",
  "stageKind",
  "snapshot",
  "inputs",
  "eventSink",
  "signal",
  "attempt",
  "clock",
  "random",
  "values",
  "stage",
  "pipeline",
] as const;

/**
 * Builds a context that behaves exactly like the executor's (it is core's `createStageContext` with
 * test defaults): `ctx.inputs` holds only the given `inputs` (reading any other stage throws
 * `UndeclaredDependencyError`), `ctx.emit` fills in stage, attempt, run id and timestamp and never
 * throws, and `ctx.get(key)` reads `values`.
 * @param options - any overrides; all optional
 * @returns a context for `stage.execute(ctx)` or an interceptor's `intercept(ctx, next)`
 * @throws `InvalidOptionsError` for an unknown key, an input that is not a `StageOutput`, or `values`
 * that are not an array of `key.provide(value)` results
 * @example
 * ```ts
 * const sink = new RecordingEventSink();
 * const ctx = createTestStageContext({
 *   stageName: "answer",
 *   inputs: { retrieve: StageOutput.ok({ docs: ["Refunds take 5 days."] }) },
 *   eventSink: sink,
 * });
 * const output = await answer.execute(ctx);
 * ```
 */
export function createTestStageContext<TInput = unknown>(
  options: TestStageContextOptions<TInput> = {},
): InterceptorContext {
  assertKnownOptions("createTestStageContext", options, KEYS);
  const { stageName, snapshot, pipeline, ...rest } = options;
  return createStageContext<TInput>({
    ...rest,
    stageName: stageName ?? options.stage?.name ?? "test-stage",
    snapshot: snapshot ?? createTestSnapshot<TInput>(),
    pipeline: pipeline ?? "test-pipeline",
  });
}
