/**
 * @module Option and callback types shared by the fluent builder and the pattern helpers.
 */
import type { AnyStage, Stage, StageData, StageOptions, StageRef } from "@stageflow/core";

/**
 * Any stage, with its name type left open. Used as the constraint of the builder's stage parameters so an
 * inline `defineStage({ name: "x", … })` keeps its literal name: core's `AnyStage` (name typed `string`)
 * would be taken as the inline call's expected type and widen the name to `string`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open constraint, never a value's type
export type InferableStage = Stage<any, any>;

/** The name type of a stage: `"retrieve"` for a stage named `"retrieve"`, `string` when not known. */
export type NameOf<TStage> = TStage extends { readonly name: infer TName extends string } ? TName : string;

/**
 * What a builder whose type names no stage accepts as a dependency: this message instead of `never`, so
 * the compile error of `b.stage(x); b.stage(y, { dependsOn: ["x"] })` (the builder used without chaining,
 * `b` still typed `FluentPipelineBuilder<never>`) says what is wrong.
 */
export type NoStageInBuilderType =
  "no stage is in this builder's type: chain the calls or re-assign the builder (b = b.stage(…))";

/**
 * A reference to a stage already added to a builder: its name, or the stage object itself. With a
 * builder whose names are known (`FluentPipelineBuilder<"a" | "b">`), naming any other stage is a
 * compile error; once the names have widened to `string`, any name is accepted and `build()` checks it.
 * With no names at all (`FluentPipelineBuilder<never>`) it is {@link NoStageInBuilderType}.
 */
export type StageRefOf<TNames extends string> =
  | TNames
  // Distributive, so that with no names this member is `never` rather than an object named `never`.
  | (TNames extends string ? AnyStage & { readonly name: TNames } : never)
  | ([TNames] extends [never] ? NoStageInBuilderType : never);

/** Makes the stage at position `index` (0-based) of a chain or parallel group. */
export type StageFactory<TStage extends InferableStage = AnyStage> = (index: number) => TStage;

/** Options of `FluentPipelineBuilder.stage`: core's `withStage` options with typed `dependsOn`. */
export interface BuilderStageOptions<TNames extends string> extends Omit<StageOptions, "dependsOn"> {
  /**
   * Stages that must settle before this one starts.
   * @defaultValue the builder's current tail: the last stage added, or every member of the last
   * parallel group (or of the last conditional branch without a merge)
   */
  readonly dependsOn?: readonly StageRefOf<TNames>[] | undefined;
}

/** Options of `linearChain` / `withLinearChain`. */
export interface LinearChainOptions<TRef = StageRef> {
  /**
   * What the first stage of the chain depends on; `[]` makes it a root.
   * @defaultValue the tail (builder) or the last stage added (pipeline)
   */
  readonly firstDependsOn?: readonly TRef[] | undefined;
}

/** Options of `parallel` / `withParallelStages`. */
export interface ParallelOptions<TRef = StageRef> {
  /**
   * What every member of the group depends on; `[]` makes them roots.
   * @defaultValue the tail (builder) or the last stage added (pipeline)
   */
  readonly dependsOn?: readonly TRef[] | undefined;
}

/** Options of `fanOutFanIn` / `withFanOutFanIn`. */
export interface FanOutFanInOptions<TRef = StageRef> {
  /**
   * What the fan-out stage depends on; `[]` makes it a root.
   * @defaultValue the tail (builder) or the last stage added (pipeline)
   */
  readonly fanOutDependsOn?: readonly TRef[] | undefined;
}

/** Options of `conditionalBranch` / `withConditionalBranch`. */
export interface ConditionalBranchOptions<TRef = StageRef> {
  /**
   * What the router depends on; `[]` makes it a root.
   * @defaultValue the tail (builder) or the last stage added (pipeline)
   */
  readonly routerDependsOn?: readonly TRef[] | undefined;
}

/** Branch stages of a conditional branch, keyed by the route key that selects each. */
export type BranchMap = Readonly<Record<string, InferableStage>>;

type Element<T> = T extends readonly (infer E)[] ? E : T;

/**
 * The route keys a router can emit, read from its output type: `"a" | "b"` for a router whose data
 * is `{ route: "a" | "b" }` (or an array of them); `string` when the router's output is not typed.
 */
export type RouteKeyOf<TRouter extends InferableStage> =
  StageData<TRouter> extends { readonly route: infer R } ? Extract<Element<R>, string> : string;

/**
 * The type {@link CheckedBranches} gives a branch key that the router can never emit, in place of
 * `never`, so the compile error says what is wrong.
 */
export type NotARouteKey = "branch key is not a route the router can emit";

/**
 * Rejects branch keys that a typed router can never emit: such a branch would always be pruned. The
 * value of such a key must be {@link NotARouteKey}, so passing a stage there is a compile error naming
 * the problem. For an untyped router (`RouteKeyOf` is `string`), or a branch map built at run time
 * (keys typed `string`), every key is accepted and `lintPipeline` checks the keys against the
 * router's output schema.
 */
export type CheckedBranches<
  TRouter extends InferableStage,
  TBranches extends BranchMap,
> = string extends keyof TBranches
  ? TBranches
  : TBranches &
      Readonly<Record<Exclude<Extract<keyof TBranches, string>, RouteKeyOf<TRouter>>, NotARouteKey>>;

/** The names of the stages of a branch map. */
export type BranchNames<TBranches extends BranchMap> = NameOf<TBranches[keyof TBranches]>;

/** Direction of a diagram: top-down, left-right, bottom-up or right-left. */
export type DiagramDirection = "TD" | "LR" | "BT" | "RL";

/** Options of `toMermaid` and `toDot`. */
export interface DiagramOptions {
  /**
   * Layout direction.
   * @defaultValue `"TD"` (top-down)
   */
  readonly direction?: DiagramDirection | undefined;
}

/**
 * The stage names a built graph and its results are typed with: the builder's names, or `string` for a
 * builder whose type names no stage.
 */
export type BuiltNames<TNames extends string> = [TNames] extends [never] ? string : TNames;
