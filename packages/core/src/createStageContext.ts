/**
 * @module `createStageContext`: builds a `StageContext` by hand, for tests and tools.
 */
import { systemClock, type Clock } from "./clock.js";
import type { ProvidedValue } from "./context/contextKey.js";
import { indexOfNames } from "./context/stageInputs.js";
import type { EventSink } from "./events/eventSink.js";
import type { InterceptorContext } from "./interceptor.js";
import { RunEmitter } from "./internal/emitter.js";
import { StageContextImpl } from "./internal/stageContextImpl.js";
import { assertKnownOptions } from "./options.js";
import { ContextSnapshot } from "./snapshot/contextSnapshot.js";
import type { AnyStage } from "./stage.js";
import { StageKind } from "./stageKind.js";
import { isStageOutput, type StageOutput } from "./stageOutput.js";
import { InvalidOptionsError } from "./errors/invalidOptionsError.js";

/** Options of {@link createStageContext}. */
export interface CreateStageContextOptions<TInput = unknown> {
  /** The stage's name. */
  readonly stageName: string;
  /** The stage's kind; defaults to `"transform"`. */
  readonly stageKind?: StageKind;
  /** The snapshot; defaults to `ContextSnapshot.create()`. */
  readonly snapshot?: ContextSnapshot<TInput>;
  /** Outputs of the stage's dependencies, by name; these become its declared dependencies. */
  readonly inputs?: Readonly<Record<string, StageOutput>>;
  /** Where `ctx.emit` sends events. */
  readonly eventSink?: EventSink;
  /** The attempt's signal; defaults to one that never aborts. */
  readonly signal?: AbortSignal;
  /** The attempt number; defaults to 1. */
  readonly attempt?: number;
  /** The clock; defaults to `systemClock`. */
  readonly clock?: Clock;
  /** The random source; defaults to `Math.random`. */
  readonly random?: () => number;
  /** Values for `ctx.get(key)`, as made by `key.provide(value)`. */
  readonly values?: readonly ProvidedValue<unknown>[];
  /** The stage object (interceptors read `ctx.stage`); defaults to a stage that does nothing. */
  readonly stage?: AnyStage;
  /** The pipeline name in events; defaults to `"standalone"`. */
  readonly pipeline?: string;
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
 * Builds a context identical in behaviour to the executor's: inputs are limited to the given
 * dependencies, `emit` goes to the sink with the stage and attempt filled in and never throws, and
 * `get(key)` reads the given values.
 * @param options - the stage name plus any overrides
 * @returns a context usable with `stage.execute(ctx)` or an interceptor
 * @throws `InvalidOptionsError` for unknown keys or inputs that are not `StageOutput`s
 * @example
 * ```ts
 * const ctx = createStageContext({ stageName: "answer", inputs: { retrieve: StageOutput.ok({ docs: [] }) } });
 * const out = await answer.execute(ctx);
 * ```
 */
export function createStageContext<TInput = unknown>(
  options: CreateStageContextOptions<TInput>,
): InterceptorContext {
  assertKnownOptions("createStageContext", options, KEYS);
  if (typeof options?.stageName !== "string" || options.stageName === "") {
    throw new InvalidOptionsError("createStageContext", "stageName must be a non-empty string.");
  }
  const snapshot: ContextSnapshot<unknown> = options.snapshot ?? ContextSnapshot.create();
  const clock = options.clock ?? systemClock;
  const pipeline = options.pipeline ?? "standalone";
  const runId = snapshot.runId.pipelineRunId;
  const depNames = Object.keys(options.inputs ?? {});
  const outputs = depNames.map((name) => {
    const output = (options.inputs as Record<string, unknown>)[name];
    if (!isStageOutput(output)) {
      throw new InvalidOptionsError(
        "createStageContext",
        `inputs["${name}"] must be a StageOutput (StageOutput.ok(...)).`,
      );
    }
    return output;
  });
  const values = new Map<symbol, unknown>();
  for (const { key, value } of options.values ?? []) values.set(key.id, value);
  const kind = options.stageKind ?? options.stage?.kind ?? StageKind.TRANSFORM;
  const stage: AnyStage =
    options.stage ?? Object.freeze({ name: options.stageName, kind, execute: () => undefined });
  const emitter = new RunEmitter({ sink: options.eventSink, onSinkError: undefined, runId, pipeline, clock });
  const signal = options.signal ?? new AbortController().signal;
  const random = options.random ?? Math.random;
  return new StageContextImpl(
    { signalSource: signal, snapshot, runId, pipeline, clock, random, emitter, values, outputs },
    {
      name: options.stageName,
      kind,
      stage,
      depNames,
      depIndex: indexOfNames(depNames),
      deps: depNames.map((_, i) => i),
    },
    options.attempt ?? 1,
  );
}
