/**
 * @module `Stage` and `defineStage`: the unit of work in a pipeline.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { registerDefinition } from "./internal/callTarget.js";
import { assertKnownOptions, STAGE_OPTION_KEYS } from "./options.js";
import { InvalidOptionsError } from "./errors/invalidOptionsError.js";
import type { StageContext } from "./stageContext.js";
import { isStageKind, type StageKind } from "./stageKind.js";
import type { NotOkStageOutput, OkStageOutput, StageOutput } from "./stageOutput.js";

/**
 * What `execute` may return: a {@link StageOutput}, a plain value (treated as `StageOutput.ok(value)`),
 * or nothing (treated as `StageOutput.ok()`).
 */
export type StageReturn<TData> = StageOutput<TData> | TData | void;

/** A unit of work: a name unique in its pipeline, a kind, and an `execute` function. */
export interface Stage<TData = unknown, TName extends string = string> {
  /** Unique name within a pipeline; also the stable id used in events and results. */
  readonly name: TName;
  /** What the stage does. */
  readonly kind: StageKind;
  /** Optional Standard Schema (zod, valibot, arktype…) validating `data` of `ok` outputs. */
  readonly output?: StandardSchemaV1<unknown, TData> | undefined;
  /**
   * Runs one attempt. Honour `ctx.signal`: it aborts on run cancellation, fail-fast and timeouts.
   * @param ctx - the attempt's context
   */
  execute(ctx: StageContext): StageReturn<TData> | Promise<StageReturn<TData>>;
}

/** Any stage, whatever its data and name types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = Stage<any, string>;

/** The data type of a stage's `ok` output. */
export type StageData<S> = S extends Stage<infer D, string> ? D : unknown;

/**
 * The data a stage carries, from what its `execute` returns (`TReturn`, awaited): the data of each
 * output and each plain value it may return. A `StageOutput.skip()` or `fail()` without data adds
 * nothing; returning nothing adds `undefined`. Each path's own type is kept, so a stage returning
 * `{ answer }` on one path and `{ answer, citations }` on another has both as its data type.
 */
export type ReturnedData<TReturn> =
  TReturn extends PromiseLike<infer TAwaited>
    ? ReturnedData<TAwaited>
    : TReturn extends OkStageOutput<infer TData>
      ? TData
      : TReturn extends NotOkStageOutput<infer TData>
        ? TData
        : TReturn extends void
          ? undefined
          : TReturn;

/**
 * The definition accepted by {@link defineStage}. With an `output` schema, `execute` returns what the
 * schema accepts; without one, whatever it returns (`TReturn`) gives the stage its data type.
 */
export interface StageDefinition<
  TName extends string,
  TSchema extends StandardSchemaV1 | undefined,
  TReturn,
> {
  /** Unique name within a pipeline. */
  readonly name: TName;
  /** What the stage does; defaults to `"transform"`. */
  readonly kind?: StageKind | undefined;
  /** Optional Standard Schema for `data` of `ok` outputs; its output type becomes the stage's data type. */
  readonly output?: TSchema;
  /** Runs one attempt. */
  execute(
    ctx: StageContext,
  ): TSchema extends StandardSchemaV1
    ? | StageReturn<StandardSchemaV1.InferInput<TSchema>>
      | Promise<StageReturn<StandardSchemaV1.InferInput<TSchema>>>
    : TReturn;
}

const DEFINITION_KEYS = ["name", "kind", "output", "execute"] as const;

/** Options of `withStage` that the Python API took on the stage itself. */
const PLACEMENT = { keys: STAGE_OPTION_KEYS, where: "pipeline.withStage(stage, options)" } as const;

/**
 * Defines a stage, validating the definition. With an `output` schema, `ok` data is validated at the
 * boundary (a mismatch fails the stage with `InvalidStageOutputError` naming the path) and the schema's
 * output type becomes the stage's data type, which `ctx.inputs.get(stage)` returns in dependents.
 * @param definition - name, kind, optional output schema, execute
 * @returns a frozen {@link Stage}
 * @throws {@link InvalidOptionsError} for an unknown key, an empty name or an unknown kind
 * @example
 * ```ts
 * const retrieve = defineStage({
 *   name: "retrieve",
 *   kind: StageKind.ENRICH,
 *   output: z.object({ docs: z.array(z.string()) }),
 *   execute: async (ctx) => ({ docs: await search(ctx.snapshot.inputText ?? "", ctx.signal) }),
 * });
 * ```
 */
export function defineStage<
  TName extends string,
  TSchema extends StandardSchemaV1 | undefined = undefined,
  TReturn = void,
>(
  definition: StageDefinition<TName, TSchema, TReturn>,
): Stage<
  TSchema extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<TSchema> : ReturnedData<TReturn>,
  TName
> {
  assertKnownOptions("defineStage", definition, DEFINITION_KEYS, PLACEMENT);
  validateStageShape(definition, "defineStage");
  // Called as a method of the definition, so an `execute` that uses `this` keeps working.
  const execute = (ctx: StageContext): ReturnType<typeof definition.execute> => definition.execute(ctx);
  // Shows the definition's code, not this wrapper, to debuggers and static tools (such as a pipeline linter).
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its source text is read
  const source = definition.execute;
  Object.defineProperty(execute, "toString", { value: () => Function.prototype.toString.call(source) });
  const stage = {
    name: definition.name,
    kind: definition.kind ?? "transform",
    output: definition.output,
    execute,
  };
  Object.freeze(stage);
  registerDefinition(stage, definition);
  return stage as unknown as Stage<
    TSchema extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<TSchema> : ReturnedData<TReturn>,
    TName
  >;
}

/**
 * Checks that a value has the shape of a stage.
 * @internal
 */
export function validateStageShape(value: unknown, where: string): void {
  const s = value as Partial<Stage> | null;
  if (typeof s !== "object" || s === null) throw new InvalidOptionsError(where, "expected a stage object.");
  if (typeof s.name !== "string" || s.name.length === 0) {
    throw new InvalidOptionsError(where, "a stage needs a non-empty string name.");
  }
  if (s.name === "__proto__") {
    // Results, summaries and saved breaker state key objects by stage name; this key would set a prototype.
    throw new InvalidOptionsError(where, 'a stage cannot be named "__proto__"; choose another name.');
  }
  if (s.kind !== undefined && !isStageKind(s.kind)) {
    throw new InvalidOptionsError(
      where,
      `stage "${s.name}" has unknown kind "${String(s.kind)}"; use a StageKind value.`,
    );
  }
  if (typeof s.execute !== "function") {
    throw new InvalidOptionsError(where, `stage "${s.name}" needs an execute(ctx) function.`);
  }
  const schema = s.output as { "~standard"?: unknown } | undefined;
  if (schema !== undefined && (typeof schema !== "object" || schema === null || !("~standard" in schema))) {
    throw new InvalidOptionsError(
      where,
      `stage "${s.name}" has an output that is not a Standard Schema (zod, valibot, …).`,
    );
  }
}
