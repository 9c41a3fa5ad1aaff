/**
 * @module The four DAG patterns, written once over a core `Pipeline` and shared by the builder and the
 * free helpers. Each returns the names it added so callers can track the tail in O(1).
 * @internal
 */
import { InvalidOptionsError, StageKind, type AnyStage, type Pipeline, type StageRef } from "@stageflow/core";
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

function make(where: string, factory: StageFactory, index: number): AnyStage {
  const stage = factory(index);
  if (typeof stage !== "object" || stage === null || typeof (stage as { name?: unknown }).name !== "string") {
    throw new InvalidOptionsError(
      where,
      `factory(${index}) returned ${stage === null ? "null" : typeof stage}, expected a stage.`,
    );
  }
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

/**
 * Adds the router, one stage per branch key (its core `branch` option set to the key, so the route
 * key selects it) and, when given, a merge depending on every branch stage.
 */
export function addConditional(pipeline: Pipeline, spec: ConditionalSpec, where: string): ConditionalAdded {
  const { router, branches, merge } = spec;
  if (typeof router !== "object" || router === null)
    throw new InvalidOptionsError(where, "router must be a stage.");
  if ((router.kind as unknown) !== StageKind.ROUTE) {
    throw new InvalidOptionsError(
      where,
      `router "${router.name}" has kind "${String(router.kind)}"; give it kind: StageKind.ROUTE so its { route } output selects branches.`,
    );
  }
  if (typeof branches !== "object" || branches === null || Array.isArray(branches)) {
    throw new InvalidOptionsError(where, "branches must be an object mapping each route key to a stage.");
  }
  const keys = Object.keys(branches);
  if (keys.length === 0) throw new InvalidOptionsError(where, "branches must name at least one route key.");
  if (merge !== undefined && (typeof merge !== "object" || merge === null)) {
    throw new InvalidOptionsError(where, "merge must be a stage when given.");
  }
  pipeline.withStage(router, { dependsOn: spec.deps });
  const branchNames: string[] = [];
  for (const key of keys) {
    const stage = branches[key] as AnyStage;
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
