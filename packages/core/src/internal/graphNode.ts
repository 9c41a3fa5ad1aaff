/**
 * @module The precomputed, immutable shape of one stage inside a built graph.
 * @internal
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { StageInputs } from "../context/stageInputs.js";
import type { Interceptor } from "../interceptor.js";
import type { StageInfo } from "../plugin.js";
import type { AnyStage } from "../stage.js";
import type { StageKind } from "../stageKind.js";
import type { CallTarget } from "./callTarget.js";

/** A `when` condition: a function, or an object with `evaluate` (such as a `ConditionalDependency`). */
export type WhenCondition =
  | ((inputs: StageInputs, snapshot: ContextSnapshot<unknown>) => boolean)
  | {
      evaluate(inputs: StageInputs, snapshot: ContextSnapshot<unknown>): boolean;
      readonly description?: string | undefined;
    };

/** One stage of a built graph. */
export interface GraphNode {
  readonly index: number;
  readonly name: string;
  readonly kind: StageKind;
  readonly stage: AnyStage;
  /** The stage's output schema, kept here so a run reads it without touching the stage object. */
  readonly output: StandardSchemaV1 | undefined;
  /** What a run calls `execute` on: the stage, or its definition (see `callTargetOf`). */
  readonly target: CallTarget;
  readonly info: StageInfo;
  /** Indices of dependencies. */
  readonly deps: readonly number[];
  /** Names of dependencies, in declaration order. */
  readonly depNames: readonly string[];
  /** Position of each dependency in `deps` / `depNames`, by name, for stages with many (`indexOfNames`). */
  readonly depIndex: ReadonlyMap<string, number> | undefined;
  /** Indices of direct dependents. */
  readonly dependents: readonly number[];
  readonly when: WhenCondition | undefined;
  /** Pipeline- and stage-level interceptors, ordered. */
  readonly interceptors: readonly Interceptor[];
  /** Stage-level interceptors only (merged with run-level ones per run), unordered. */
  readonly ownInterceptors: readonly Interceptor[];
  /** The key a ROUTE parent selects this stage by (defaults to the name). */
  readonly branch: string;
  /** True when some dependency is a ROUTE stage. */
  readonly hasRouteParent: boolean;
}
