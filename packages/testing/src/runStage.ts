/**
 * @module `runStage`: runs one stage through the real executor, with given upstream outputs.
 */
import {
  assertKnownOptions,
  defineStage,
  InvalidOptionsError,
  isStageOutput,
  Pipeline,
  StageKind,
  StageOutput,
  type AnyStageflowEvent,
  type Clock,
  type ContextSnapshot,
  type Interceptor,
  type PipelineResult,
  type Plugin,
  type RandomSource,
  type Stage,
  type StageRecord,
} from "@stageflow/core";
import { createTestSnapshot } from "./createTestSnapshot.js";
import { FakeClock } from "./fakeClock.js";
import { RecordingEventSink } from "./recordingEventSink.js";

/** Options of {@link runStage}; every field is optional. */
export interface RunStageOptions {
  /** Upstream stage name → its output; the stage's declared dependencies are exactly these. */
  readonly inputs?: Readonly<Record<string, StageOutput>> | undefined;
  /**
   * The run's snapshot.
   * @defaultValue `createTestSnapshot()`
   */
  readonly snapshot?: ContextSnapshot<unknown> | undefined;
  /** Interceptors around this stage only (never around the upstream stages that supply `inputs`). */
  readonly interceptors?: readonly Interceptor[] | undefined;
  /** Per-attempt timeout, as `withStage(stage, { timeoutMs })`. */
  readonly timeoutMs?: number | undefined;
  /** Plugins of the run. They see the upstream stages too (see {@link runStage}). */
  readonly plugins?: readonly Plugin[] | undefined;
  /**
   * The run's clock.
   * @defaultValue a new {@link FakeClock}, driven automatically
   */
  readonly clock?: Clock | undefined;
  /**
   * When `clock` is a {@link FakeClock}, drive it with `runAll()` until the run ends, so sleeps,
   * backoffs and timeouts take no real time. Set to `false` to move time yourself with `advance`.
   * @defaultValue true
   */
  readonly runTimers?: boolean | undefined;
  /** The run's random source (jitter). */
  readonly random?: RandomSource | undefined;
  /** Cancels the run. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The pipeline name in events.
   * @defaultValue `"test-pipeline"`
   */
  readonly pipeline?: string | undefined;
}

/** What {@link runStage} resolves with. */
export interface RunStageResult<TData = unknown> {
  /**
   * The stage's output. When the executor recorded none (the run was cancelled before the stage
   * started, or a plugin refused it), this is a `cancel` output carrying the record's reason.
   */
  readonly output: StageOutput<TData>;
  /** How the executor recorded the stage: status, attempts, duration, error, reason. */
  readonly record: StageRecord;
  /**
   * The run's events in order, without those of the upstream stages that supplied `inputs`: the
   * `pipeline.*` events, this stage's events, and any event emitted without a stage.
   */
  readonly events: readonly AnyStageflowEvent[];
  /** The whole run's result (its `stages` and `outputs` include the upstream stages). */
  readonly result: PipelineResult;
}

const KEYS = [
  "inputs",
  "snapshot",
  "interceptors",
  "timeoutMs",
  "plugins",
  "clock",
  "runTimers",
  "random",
  "signal",
  "pipeline",
] as const;

function checkInputs(stageName: string, inputs: Readonly<Record<string, StageOutput>>): void {
  for (const [name, output] of Object.entries(inputs)) {
    if (name === stageName)
      throw new InvalidOptionsError("runStage", `inputs cannot contain the stage itself ("${name}").`);
    if (!isStageOutput(output)) {
      throw new InvalidOptionsError(
        "runStage",
        `inputs["${name}"] must be a StageOutput (StageOutput.ok(...)).`,
      );
    }
    if (output.status === "cancel") {
      throw new InvalidOptionsError(
        "runStage",
        `inputs["${name}"] is a cancel output, which cancels the whole run before the stage starts; ` +
          "test the stage with createTestStageContext({ inputs }) instead.",
      );
    }
  }
}

/**
 * Runs one stage in isolation through the real `@stageflow/core` executor, so interceptors, output
 * validation, timeouts, events and records behave exactly as in a pipeline.
 *
 * How inputs are supplied: each entry of `inputs` becomes an upstream stage of the same name that
 * returns that output verbatim, and the stage under test depends on exactly those stages, so
 * `ctx.inputs` holds precisely `inputs`. Upstream outputs with status `fail` or `retry` do not stop
 * the run (a plugin answers `"continue"` for the upstream stages only), so a stage's handling of a
 * failed dependency can be tested; `cancel` inputs are refused, since they always cancel the run.
 * The upstream stages are filtered out of `events`, but plugins given here do see them.
 * @param stage - the stage to run
 * @param options - inputs, snapshot, interceptors, plugins, clock
 * @returns the stage's output and record, the run's events, and the whole result
 * @throws `InvalidOptionsError` for an unknown option, an input that is not a `StageOutput`, or a `cancel` input
 * @example
 * ```ts
 * const { output, events } = await runStage(answer, {
 *   inputs: { retrieve: StageOutput.ok({ docs: ["Refunds take 5 days."] }) },
 *   interceptors: [new RetryInterceptor({ maxAttempts: 3 })],
 * });
 * expect(output.status).toBe("ok");
 * ```
 */
export async function runStage<TData>(
  stage: Stage<TData>,
  options: RunStageOptions = {},
): Promise<RunStageResult<TData>> {
  assertKnownOptions("runStage", options, KEYS);
  const inputs = options.inputs ?? {};
  checkInputs(stage.name, inputs);
  const upstream = new Set(Object.keys(inputs));
  const pipeline = new Pipeline(options.pipeline ?? "test-pipeline");
  for (const [name, output] of Object.entries(inputs)) {
    pipeline.withStage(defineStage({ name, kind: StageKind.TRANSFORM, execute: () => output }));
  }
  pipeline.withStage(stage, {
    dependsOn: [...upstream],
    ...(options.interceptors !== undefined ? { interceptors: options.interceptors } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const keepGoing: Plugin = {
    name: "runStage.inputs",
    onStageSettled: (info) => (upstream.has(info.name) ? "continue" : undefined),
  };
  const clock = options.clock ?? new FakeClock();
  const sink = new RecordingEventSink();
  if (options.runTimers === true && !(clock instanceof FakeClock)) {
    throw new InvalidOptionsError("runStage", "runTimers needs a FakeClock as clock (or no clock at all).");
  }
  // The run's signal: the caller's, plus our own to stop the run if driving the clock fails.
  const stopper = new AbortController();
  const external = options.signal;
  const forward = (): void => stopper.abort(external?.reason);
  if (external?.aborted === true) forward();
  else external?.addEventListener("abort", forward, { once: true });
  try {
    const running = pipeline.build().run(options.snapshot ?? createTestSnapshot(), {
      eventSink: sink,
      clock,
      signal: stopper.signal,
      plugins: [keepGoing, ...(options.plugins ?? [])],
      ...(options.random !== undefined ? { random: options.random } : {}),
    });
    const result =
      clock instanceof FakeClock && options.runTimers !== false
        ? await drive(clock, running, stopper)
        : await running;
    return collect(stage.name, result, sink, upstream);
  } finally {
    external?.removeEventListener("abort", forward);
  }
}

/** Builds the result of `runStage` from the run's result and events. */
function collect<TData>(
  name: string,
  result: PipelineResult,
  sink: RecordingEventSink,
  upstream: ReadonlySet<string>,
): RunStageResult<TData> {
  sink.assertWellFormed();
  const record = result.stages[name] as StageRecord;
  const output =
    result.output<TData>(name) ?? StageOutput.cancel<TData>(record.reason ?? "the stage produced no output");
  const events = sink.events.filter((e) => e.stage === undefined || !upstream.has(e.stage));
  return { output, record, events, result };
}

/** Drives a fake clock until the run settles, also when sleeps only start after real I/O. */
async function drive(
  clock: FakeClock,
  running: Promise<PipelineResult>,
  stopper: AbortController,
): Promise<PipelineResult> {
  let done = false;
  const settled = running.finally(() => {
    done = true;
  });
  settled.catch(() => undefined); // the caller observes a rejection through `running`
  const idle = new AbortController();
  try {
    while (!done) {
      await clock.runAll();
      if (done) break;
      await Promise.race([settled, clock.whenTimerPending(idle.signal)]);
    }
  } catch (error) {
    stopper.abort(error);
    throw error;
  } finally {
    idle.abort();
  }
  return running;
}
