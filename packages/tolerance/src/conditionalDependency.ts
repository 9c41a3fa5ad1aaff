/**
 * @module `ConditionalDependency`: a `when` condition on upstream outputs that really decides.
 */
import {
  assertKnownOptions,
  InvalidOptionsError,
  type ContextSnapshot,
  type StageInputs,
  type StageOutput,
} from "@stageflow/core";
import { ConditionEvaluationError } from "./errors/conditionEvaluationError.js";

/** Upstream outputs by stage name, as a predicate sees them (`undefined`: pruned or never ran). */
export type UpstreamOutputs = Readonly<Record<string, StageOutput | undefined>>;

/** A predicate over the outputs of a stage's dependencies. */
export type ConditionPredicate = (
  outputs: UpstreamOutputs,
  snapshot: ContextSnapshot<unknown> | undefined,
) => boolean;

/** Options of {@link ConditionalDependency}. */
export interface ConditionalDependencyOptions {
  /**
   * When the predicate is false: `true` skips the stage; `false` runs it anyway (the stage can read
   * the raw answer with {@link ConditionalDependency.test}).
   * @defaultValue true
   */
  readonly skipOnFalse?: boolean | undefined;
  /**
   * For a path condition: compare the value with `===` instead of testing it for truthiness.
   * `undefined` counts as not given (the value is tested for truthiness).
   */
  readonly equals?: unknown;
  /** Shown in skip reasons and errors; defaults to the path, or `"predicate"`. */
  readonly description?: string | undefined;
}

const KEYS = ["skipOnFalse", "equals", "description"] as const;

function readPath(outputs: UpstreamOutputs, path: string): unknown {
  // Stage names may contain dots: the longest dependency name that prefixes the path wins.
  let stage: string | undefined;
  for (const name of Object.keys(outputs)) {
    if (path.startsWith(`${name}.`) && (stage === undefined || name.length > stage.length)) stage = name;
  }
  if (stage === undefined) {
    const first = path.slice(0, path.indexOf("."));
    const known = Object.keys(outputs);
    throw new Error(
      `"${first}" is not a declared dependency (dependencies: ${known.length > 0 ? known.join(", ") : "none"})`,
    );
  }
  let value: unknown = outputs[stage]?.data;
  for (const key of path.slice(stage.length + 1).split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function toOutputs(source: StageInputs | UpstreamOutputs): UpstreamOutputs {
  // Duck-typed so that inputs from another installed copy of core are recognised too.
  const inputs = source as Partial<StageInputs>;
  if (!Array.isArray(inputs.names) || typeof inputs.get !== "function") return source as UpstreamOutputs;
  const outputs: Record<string, StageOutput | undefined> = {};
  for (const name of (source as StageInputs).names) outputs[name] = (source as StageInputs).get(name);
  return outputs;
}

/**
 * A condition on the outputs of a stage's dependencies, given as a function or as a
 * `"stage.key"` path (`"stage.a.b"` reads nested fields; truthy unless `equals` is given). Pass it
 * as a stage's `when`: core calls {@link evaluate} once the dependencies have settled.
 *
 * `skipOnFalse` decides what a false condition does: skip the stage (default) or run it anyway.
 * A predicate that throws, or a path naming a stage that is not a dependency, fails closed: the
 * stage does not run and is recorded as `fail` with a {@link ConditionEvaluationError} (so the
 * mistake shows up instead of hiding as a skip).
 * @example
 * ```ts
 * pipeline
 *   .withStage(classify)
 *   .withStage(search, { dependsOn: [classify], when: new ConditionalDependency("classify.needsSearch") })
 *   .withStage(answer, {
 *     dependsOn: [classify],
 *     when: new ConditionalDependency(({ classify }) => classify?.data !== undefined),
 *   });
 * ```
 */
export class ConditionalDependency {
  /** Whether a false condition skips the stage. */
  readonly skipOnFalse: boolean;
  /** Shown in skip reasons and errors. */
  readonly description: string;
  /** The `"stage.key"` path, for a path condition. */
  readonly path: string | undefined;
  readonly #predicate: ConditionPredicate;

  /**
   * @param predicate - a function of the upstream outputs, or a `"stage.key"` path
   * @param options - `skipOnFalse`, `equals` (path only) and `description`
   * @throws `InvalidOptionsError` for a path without a key, a non-function predicate or an unknown option
   */
  constructor(predicate: ConditionPredicate | string, options: ConditionalDependencyOptions = {}) {
    assertKnownOptions("ConditionalDependency", options, KEYS);
    if (options.skipOnFalse !== undefined && typeof options.skipOnFalse !== "boolean") {
      throw new InvalidOptionsError("ConditionalDependency", "skipOnFalse must be a boolean.");
    }
    this.skipOnFalse = options.skipOnFalse ?? true;
    if (typeof predicate === "string") {
      const dot = predicate.indexOf(".");
      if (dot <= 0 || dot === predicate.length - 1) {
        throw new InvalidOptionsError(
          "ConditionalDependency",
          `a path must look like "stage.key", got "${predicate}".`,
        );
      }
      const path = predicate;
      const hasEquals = options.equals !== undefined;
      const expected = options.equals;
      this.path = path;
      this.#predicate = (outputs) => {
        const value = readPath(outputs, path);
        return hasEquals ? value === expected : Boolean(value);
      };
      this.description =
        options.description ?? (hasEquals ? `${path} === ${JSON.stringify(expected)}` : path);
    } else if (typeof predicate === "function") {
      if (options.equals !== undefined)
        throw new InvalidOptionsError("ConditionalDependency", "equals applies only to a path condition.");
      this.path = undefined;
      this.#predicate = predicate;
      this.description = options.description ?? "predicate";
    } else {
      throw new InvalidOptionsError(
        "ConditionalDependency",
        'the predicate must be a function or a "stage.key" path.',
      );
    }
  }

  /**
   * The raw answer of the predicate, ignoring `skipOnFalse`.
   * @param outputs - a stage's `ctx.inputs`, or upstream outputs by stage name
   * @param snapshot - the run's snapshot, passed to a function predicate
   * @returns what the predicate returned, as a boolean
   * @throws {@link ConditionEvaluationError} when the predicate throws or the path is not readable
   */
  test(outputs: StageInputs | UpstreamOutputs, snapshot?: ContextSnapshot<unknown>): boolean {
    try {
      return this.#predicate(toOutputs(outputs), snapshot) === true;
    } catch (error) {
      throw new ConditionEvaluationError(this.description, error);
    }
  }

  /**
   * Whether the stage should run: the predicate's answer, or `true` regardless when `skipOnFalse`
   * is `false`. This is what core calls when the condition is a stage's `when`.
   * @param outputs - a stage's `ctx.inputs`, or upstream outputs by stage name
   * @param snapshot - the run's snapshot
   * @returns `true` to run the stage, `false` to skip it
   * @throws {@link ConditionEvaluationError} when the predicate throws (the stage fails closed)
   */
  evaluate(outputs: StageInputs | UpstreamOutputs, snapshot?: ContextSnapshot<unknown>): boolean {
    const answer = this.test(outputs, snapshot);
    return answer || !this.skipOnFalse;
  }
}
