/**
 * @module The four DAG patterns, written once over a core `Pipeline` and shared by the builder and the
 * free helpers. Each returns the names it added so callers can track the tail in O(1).
 * @internal
 */
import {
  InvalidOptionsError,
  StageKind,
  isStageKind,
  type AnyStage,
  Pipeline,
  type StageRef,
} from "@stageflow/core";
import type { BranchMap, StageFactory } from "../types.js";

/** The stage a pattern hangs off when its caller gave no dependencies: the last one added. */
export function lastAdded(pipeline: Pipeline): StageRef[] {
  const entries = pipeline.entries;
  const last = entries[entries.length - 1];
  return last === undefined ? [] : [last.stage.name];
}

/** Throws unless `refs` is undefined or an array. */
export function checkRefs(where: string, key: string, refs: unknown): void {
  if (refs !== undefined && !Array.isArray(refs)) {
    throw new InvalidOptionsError(where, `${key} must be an array of stage names or stages.`);
  }
}

function checkCount(where: string, count: unknown): void {
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) {
    throw new InvalidOptionsError(where, `count must be a positive integer, got ${String(count)}.`);
  }
}

function checkFactory(where: string, factory: unknown): asserts factory is StageFactory {
  if (typeof factory !== "function") {
    throw new InvalidOptionsError(where, "factory must be a function (index) => Stage.");
  }
}

/** Names what was given instead of a stage or an object, for error messages: `undefined`, `a string`, `a Map`. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return `a ${typeof value}`;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === "string" && ctor !== "" && ctor !== "Object" ? `a ${ctor}` : "an object";
}

/**
 * What is wrong with `value` as a stage (`"null"`, `"an object without execute"`, …), or `undefined`
 * when it has the shape core's `withStage` checks first: a non-empty name, an `execute` function and
 * a known kind. Patterns check every stage this way, then with core's own checks, before adding any,
 * so a refused call adds nothing.
 */
function notAStage(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return describeValue(value);
  const { name, execute, kind } = value as { name?: unknown; execute?: unknown; kind?: unknown };
  if (typeof name !== "string" || name === "") return "an object without a name";
  if (typeof execute !== "function") return `an object without execute (named "${name}")`;
  if (kind !== undefined && !isStageKind(kind)) {
    return `stage "${name}" of unknown kind ${typeof kind === "string" ? `"${kind}"` : describeValue(kind)}`;
  }
  return undefined;
}

/**
 * Core's own checks of a stage (a reserved name, an output that is not a Standard Schema, …), run on a
 * scratch pipeline so that the real one is untouched when they refuse the stage.
 */
function checkWithCore(stage: AnyStage): void {
  new Pipeline("stage check").withStage(stage);
}

/**
 * Throws unless `value` is shaped like a stage (see `notAStage`) and core accepts it.
 * @param what - how the message names the value: `fanIn`, `branches["search"]`, …
 */
export function checkStage(where: string, what: string, value: unknown): asserts value is AnyStage {
  const problem = notAStage(value);
  if (problem !== undefined) throw new InvalidOptionsError(where, `${what} must be a stage, got ${problem}.`);
  checkWithCore(value as AnyStage);
}

function make(where: string, factory: StageFactory, index: number): AnyStage {
  const stage = factory(index);
  const problem = notAStage(stage);
  if (problem !== undefined) {
    throw new InvalidOptionsError(where, `factory(${index}) returned ${problem}, expected a stage.`);
  }
  checkWithCore(stage);
  return stage;
}

/** A chain or a parallel group: how many stages, how to make each, and what the group hangs off. */
export interface GroupSpec {
  readonly count: number;
  readonly factory: StageFactory;
  readonly deps: readonly StageRef[];
}

/** Runs the factory for every index before anything is added, so a throwing factory adds nothing. */
function makeAll(spec: GroupSpec, where: string): AnyStage[] {
  checkCount(where, spec.count);
  checkFactory(where, spec.factory);
  return Array.from({ length: spec.count }, (_, i) => make(where, spec.factory, i));
}

/** Adds `count` stages, each depending on the previous; the first depends on `spec.deps`. */
export function addChain(pipeline: Pipeline, spec: GroupSpec, where: string): string[] {
  const names: string[] = [];
  let deps = spec.deps;
  for (const stage of makeAll(spec, where)) {
    pipeline.withStage(stage, { dependsOn: deps });
    names.push(stage.name);
    deps = [stage.name];
  }
  return names;
}

function addAll(pipeline: Pipeline, stages: readonly AnyStage[], deps: readonly StageRef[]): string[] {
  return stages.map((stage) => {
    pipeline.withStage(stage, { dependsOn: deps });
    return stage.name;
  });
}

/** Adds `count` independent stages that all depend on `spec.deps`. */
export function addParallel(pipeline: Pipeline, spec: GroupSpec, where: string): string[] {
  return addAll(pipeline, makeAll(spec, where), spec.deps);
}

/** What a fan-out/fan-in adds. */
export interface FanOutFanInSpec {
  readonly fanOut: AnyStage;
  readonly count: number;
  readonly factory: StageFactory;
  readonly fanIn: AnyStage;
  readonly deps: readonly StageRef[];
}

/** Adds `fanOut`, then `count` workers depending on it, then `fanIn` depending on every worker. */
export function addFanOutFanIn(pipeline: Pipeline, spec: FanOutFanInSpec, where: string): string[] {
  checkStage(where, "fanOut", spec.fanOut);
  checkStage(where, "fanIn", spec.fanIn);
  const workers = makeAll({ count: spec.count, factory: spec.factory, deps: [] }, where);
  pipeline.withStage(spec.fanOut, { dependsOn: spec.deps });
  const names = addAll(pipeline, workers, [spec.fanOut.name]);
  pipeline.withStage(spec.fanIn, { dependsOn: names });
  return [spec.fanOut.name, ...names, spec.fanIn.name];
}

/** What a conditional branch adds. */
export interface ConditionalSpec {
  readonly router: AnyStage;
  readonly branches: BranchMap;
  readonly merge: AnyStage | undefined;
  readonly deps: readonly StageRef[];
}

/** Names added by a conditional branch: every one, and the branch stages alone. */
export interface ConditionalAdded {
  readonly names: string[];
  readonly branchNames: string[];
}

/** Checks that `branches` is a plain object of at least one key whose values are all stages. */
function checkBranches(where: string, branches: unknown): Array<[string, AnyStage]> {
  const proto: unknown = typeof branches === "object" && branches !== null && Object.getPrototypeOf(branches);
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidOptionsError(
      where,
      `branches must be a plain object mapping each route key to a stage ({ search: webSearch }), got ${describeValue(branches)}.`,
    );
  }
  const entries = Object.entries(branches as Record<string, unknown>);
  if (entries.length === 0)
    throw new InvalidOptionsError(where, "branches must name at least one route key.");
  for (const [key, stage] of entries) checkStage(where, `branches[${JSON.stringify(key)}]`, stage);
  return entries as Array<[string, AnyStage]>;
}

/**
 * Adds the router, one stage per branch key (its core `branch` option set to the key, so the route
 * key selects it) and, when given, a merge depending on every branch stage.
 */
export function addConditional(pipeline: Pipeline, spec: ConditionalSpec, where: string): ConditionalAdded {
  const { router, branches, merge } = spec;
  checkStage(where, "router", router);
  if ((router.kind as unknown) !== StageKind.ROUTE) {
    throw new InvalidOptionsError(
      where,
      `router "${router.name}" has kind "${String(router.kind)}"; give it kind: StageKind.ROUTE so its { route } output selects branches.`,
    );
  }
  const stages = checkBranches(where, branches);
  if (merge !== undefined) checkStage(where, "merge", merge);
  pipeline.withStage(router, { dependsOn: spec.deps });
  const branchNames: string[] = [];
  for (const [key, stage] of stages) {
    pipeline.withStage(stage, { dependsOn: [router.name], branch: key });
    branchNames.push(stage.name);
  }
  const names = [router.name, ...branchNames];
  if (merge !== undefined) {
    pipeline.withStage(merge, { dependsOn: branchNames });
    names.push(merge.name);
  }
  return { names, branchNames };
}
