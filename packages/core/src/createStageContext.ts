/**
 * @module `createStageContext`: builds a `StageContext` by hand, for tests and tools.
 */
import { systemClock, type Clock } from "./clock.js";
import type { ProvidedValue } from "./context/contextKey.js";
import { indexOfNames } from "./context/stageInputs.js";
import type { EventSink } from "./events/eventSink.js";
import type { InterceptorContext } from "./interceptor.js";
import { RunEmitter } from "./internal/emitter.js";
import { kindOf } from "./internal/inspect.js";
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
  readonly stageKind?: StageKind | undefined;
  /** The snapshot; defaults to `ContextSnapshot.create()`. */
  readonly snapshot?: ContextSnapshot<TInput> | undefined;
  /** Outputs of the stage's dependencies, by name; these become its declared dependencies. */
  readonly inputs?: Readonly<Record<string, StageOutput>> | undefined;
  /** Where `ctx.emit` sends events. */
  readonly eventSink?: EventSink | undefined;
  /** The attempt's signal; defaults to one that never aborts. */
  readonly signal?: AbortSignal | undefined;
  /** The attempt number; defaults to 1. */
  readonly attempt?: number | undefined;
  /** The clock; defaults to `systemClock`. */
  readonly clock?: Clock | undefined;
  /** The random source; defaults to `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Values for `ctx.get(key)`: an array of `key.provide(value)` results (`[MyKey.provide(value)]`). */
  readonly values?: readonly ProvidedValue<unknown>[] | undefined;
  /** The stage object (interceptors read `ctx.stage`); defaults to a stage that does nothing. */
  readonly stage?: AnyStage | undefined;
  /** The pipeline name in events; defaults to `"standalone"`. */
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
 * Reads `values` into the map `ctx.get` looks keys up in.
 * @throws `InvalidOptionsError` when `values` is not a list of `key.provide(value)` results
 */
function readValues(values: unknown): Map<symbol, unknown> {
  const map = new Map<symbol, unknown>();
  if (values === undefined) return map;
  if (typeof values !== "object" || values === null || !(Symbol.iterator in values)) {
    const names = kindOf(values) === "a plain object" ? Object.keys(values as object) : [];
    const listed =
      names.length === 0 ? "" : ` (keys: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""})`;
    throw new InvalidOptionsError(
      "createStageContext",
      `values must be an array of key.provide(value) results, got ${kindOf(values)}${listed}. Give each ` +
        `value a key: const Key = createContextKey(${JSON.stringify(names[0] ?? "name")}); values: ` +
        `[Key.provide(value)]; the stage reads it with ctx.get(Key).`,
    );
  }
  let index = 0;
  for (const item of values as Iterable<unknown>) {
    const key = typeof item === "object" && item !== null ? (item as { key?: unknown }).key : undefined;
    const id = typeof key === "object" && key !== null ? (key as { id?: unknown }).id : undefined;
    if (typeof id !== "symbol") {
      throw new InvalidOptionsError(
        "createStageContext",
        `values[${index}] must be made by key.provide(value) with a key from createContextKey, got ${kindOf(item)}.`,
      );
    }
    map.set(id, (item as { value?: unknown }).value);
    index++;
  }
  return map;
}

/**
 * Builds a context identical in behaviour to the executor's: inputs are limited to the given
 * dependencies, `emit` goes to the sink with the stage and attempt filled in (a sink that throws never reaches the
 * caller; a lifecycle or malformed event type is refused, as in a run), and
 * `get(key)` reads the given values.
 * @param options - the stage name plus any overrides
 * @returns a context usable with `stage.execute(ctx)` or an interceptor
 * @throws `InvalidOptionsError` for unknown keys, inputs that are not `StageOutput`s, or `values` that
 * are not an array of `key.provide(value)` results
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
  const values = readValues(options.values);
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
