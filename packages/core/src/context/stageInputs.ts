/**
 * @module `StageInputs`: the outputs of a stage's declared dependencies, and nothing else.
 */
import { StageflowError } from "../errors/stageflowError.js";
import { UndeclaredDependencyError } from "../errors/undeclaredDependencyError.js";
import type { AnyStage, StageData } from "../stage.js";
import type { OkStageOutput, StageOutput } from "../stageOutput.js";

/** A stage reference: its name, or the stage object itself (which carries its output type). */
export type StageRef = string | AnyStage;

/** The data type a reference carries: a typed stage's data, `unknown` for a name. */
type RefData<S> = S extends AnyStage ? StageData<S> : unknown;

/** Every key of every member of a union of object types. */
type KeysOf<D> = D extends object ? keyof D : never;

/**
 * The keys `getFrom` accepts for a reference: the fields of a typed stage's data, so that a misspelt
 * key is a type error; any string for a name or an untyped stage.
 */
export type StageDataKey<S extends StageRef> =
  unknown extends RefData<S>
    ? string
    : RefData<S> extends object
      ? Extract<KeysOf<RefData<S>>, string>
      : string;

/**
 * The type `getFrom` returns for `key`: the field's type for a typed stage (`undefined` when a member of
 * a union lacks it); otherwise the caller's `T`.
 */
export type StageDataField<T, S extends StageRef, K> =
  unknown extends RefData<S>
    ? T
    : RefData<S> extends infer D
      ? D extends object
        ? K extends keyof D
          ? D[K]
          : undefined
        : undefined
      : never;

/** A stage's declared dependencies, as a {@link StageInputs} looks them up. @internal */
export interface InputSource {
  /**
   * Position of each declared dependency (in `depNames`) by name; only for stages with many
   * dependencies (see {@link indexOfNames}), the others search `depNames`.
   */
  readonly depIndex: ReadonlyMap<string, number> | undefined;
  /** Declared dependency names, in declaration order. */
  readonly depNames: readonly string[];
  /** Where each declared dependency's output sits in the outputs array, by position. */
  readonly deps: readonly number[];
}

/** Dependency lists longer than this get a map from name to position; shorter ones are searched. */
const SEARCHED_UP_TO = 8;

/**
 * A name → position map for a stage's dependency names, or `undefined` when there are few enough to
 * search: a map per stage is a separate object to allocate and, in a large graph, to fetch from memory.
 * @internal
 */
export function indexOfNames(names: readonly string[]): ReadonlyMap<string, number> | undefined {
  return names.length > SEARCHED_UP_TO ? new Map(names.map((n, k) => [n, k])) : undefined;
}

function positionOf(names: readonly string[], name: string | undefined): number | undefined {
  for (let k = 0; k < names.length; k++) if (names[k] === name) return k;
  return undefined;
}

/**
 * Read access to the outputs of a stage's declared dependencies. Reading any other stage throws
 * {@link UndeclaredDependencyError}; passing the stage object returns its output typed by its schema.
 */
export class StageInputs {
  readonly #stage: string;
  readonly #source: InputSource;
  readonly #outputs: ReadonlyArray<StageOutput | undefined>;
  /** The position after the last dependency read: the next one when reading in declaration order. */
  #next = 0;

  /**
   * @param stage - the reading stage's name
   * @param source - the reading stage's declared dependencies
   * @param outputs - the run's outputs by stage index (undefined when a stage did not run or was pruned)
   * @internal
   */
  constructor(stage: string, source: InputSource, outputs: ReadonlyArray<StageOutput | undefined>) {
    this.#stage = stage;
    this.#source = source;
    this.#outputs = outputs;
  }

  /** The declared dependencies, in declaration order. */
  get names(): readonly string[] {
    return this.#source.depNames;
  }

  #index(ref: StageRef): number {
    const name = typeof ref === "string" ? ref : ref?.name;
    const source = this.#source;
    const names = source.depNames;
    // Inputs are mostly read in declaration order: check the position after the last one read before
    // hashing the name, so reading all inputs of a wide fan-in costs one comparison each.
    let position = this.#next;
    if (position >= names.length || names[position] !== name) {
      const found = source.depIndex === undefined ? positionOf(names, name) : source.depIndex.get(name);
      if (found === undefined) throw new UndeclaredDependencyError(this.#stage, String(name), names);
      position = found;
    }
    this.#next = position + 1;
    return source.deps[position] as number;
  }

  /**
   * The output of a declared dependency, or `undefined` when it did not produce one (pruned, or
   * never ran because the run stopped).
   * @param stage - a dependency's name or the stage object
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  get<S extends AnyStage>(stage: S): StageOutput<StageData<S>> | undefined;
  /**
   * The output of a declared dependency, by name (untyped).
   * @param stage - a dependency's name
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  get(stage: string): StageOutput | undefined;
  get(stage: StageRef): StageOutput | undefined {
    return this.#outputs[this.#index(stage)];
  }

  /**
   * Tells whether a declared dependency produced an output.
   * @param stage - a dependency's name or the stage object
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   */
  has(stage: StageRef): boolean {
    return this.#outputs[this.#index(stage)] !== undefined;
  }

  /**
   * The output of a declared dependency that completed with `ok`, so its `data` is there (typed by
   * the stage's schema when given the stage object).
   * @param stage - a dependency's name or the stage object
   * @throws {@link UndeclaredDependencyError} for an undeclared stage; a `StageflowError` with code
   * `"MISSING_INPUT"` when the dependency produced no output or did not complete (skipped, or failed
   * under a tolerant mode); read those with `get`
   */
  require<S extends AnyStage>(stage: S): OkStageOutput<StageData<S>>;
  /**
   * The output of a declared dependency that completed with `ok`, by name (untyped).
   * @param stage - a dependency's name
   * @throws {@link UndeclaredDependencyError} or a `"MISSING_INPUT"` `StageflowError`
   */
  require(stage: string): OkStageOutput;
  require(stage: StageRef): OkStageOutput {
    const output = this.#outputs[this.#index(stage)];
    if (output === undefined || output.status !== "ok") {
      const name = typeof stage === "string" ? stage : stage.name;
      const why =
        output === undefined
          ? "which produced none (it was pruned or never ran)"
          : `which did not complete (status: ${output.status}${output.reason ? `, ${output.reason}` : ""})`;
      throw new StageflowError(
        "MISSING_INPUT",
        `Stage "${this.#stage}" requires the output of "${name}", ${why}. ` +
          `Use ctx.inputs.get("${name}") to read an output of any status, or none.`,
        output?.error === undefined ? undefined : { cause: output.error },
      );
    }
    return output;
  }

  /**
   * Reads one field of a dependency's `data` (of any status), or `undefined` when the output or the field
   * is absent. Given the stage object of a typed stage, `key` must be a field of its data and the result
   * has that field's type; given a name, the result is `T` (`unknown` unless given).
   * @param stage - a dependency's name or the stage object
   * @param key - the field of `data`
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   * @example `ctx.inputs.getFrom(retrieve, "docs")` → `string[] | undefined`
   */
  getFrom<T = unknown, S extends StageRef = StageRef, K extends StageDataKey<S> = StageDataKey<S>>(
    stage: S,
    key: K,
  ): StageDataField<T, S, K> | undefined;
  /**
   * Reads one field of a dependency's `data` (of any status), or `defaultValue` when the output or the
   * field is absent (or `undefined`). Given the stage object of a typed stage, `key` must be a field of
   * its data and `defaultValue` of that field's type.
   * @param stage - a dependency's name or the stage object
   * @param key - the field of `data`
   * @param defaultValue - returned when the field is absent
   * @throws {@link UndeclaredDependencyError} when `stage` is not a declared dependency
   * @example `ctx.inputs.getFrom(retrieve, "docs", [])` → `string[]`
   */
  getFrom<T = unknown, S extends StageRef = StageRef, K extends StageDataKey<S> = StageDataKey<S>>(
    stage: S,
    key: K,
    defaultValue: StageDataField<T, S, K>,
  ): Exclude<StageDataField<T, S, K>, undefined>;
  getFrom(stage: StageRef, key: string, defaultValue?: unknown): unknown {
    const data = this.#outputs[this.#index(stage)]?.data;
    if (typeof data !== "object" || data === null || !Object.prototype.hasOwnProperty.call(data, key))
      return defaultValue;
    const value = (data as Record<string, unknown>)[key];
    return value === undefined ? defaultValue : value;
  }
}
