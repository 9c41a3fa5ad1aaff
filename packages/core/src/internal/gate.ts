/**
 * @module Decides, when a stage's dependencies have settled, whether it runs, skips, is pruned or fails.
 * @internal
 */
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { NonErrorThrownError } from "../errors/nonErrorThrownError.js";
import type { StageOutcome } from "../plugin.js";
import type { GraphNode } from "./graphNode.js";
import { isError, readSafely } from "./inspect.js";
import type { PluginHooks } from "./pluginHooks.js";
import { StageContextImpl, type ContextHost } from "./stageContextImpl.js";

/** `undefined` to run the stage; otherwise how it settles without starting. */
export type Gate = undefined | { readonly skip: string; readonly pruned: boolean } | { readonly fail: Error };

/** The run state the gate reads. */
export interface GateSource {
  readonly host: ContextHost;
  readonly signal: AbortSignal;
  /** 1 for a stage its ROUTE parent did not select (only on graphs with ROUTE stages). */
  readonly routeRejected: Uint8Array | undefined;
  /** How many of a stage's dependencies were pruned (only on graphs with ROUTE stages). */
  readonly prunedDeps: Int32Array | undefined;
  readonly hooks: PluginHooks | undefined;
  outcomeOf(index: number): StageOutcome | undefined;
}

const NOT_SELECTED = Object.freeze({ skip: "not selected by its route", pruned: true });
const ALL_PRUNED = Object.freeze({ skip: "every dependency was pruned", pruned: true });
const WHEN_FALSE = Object.freeze({ skip: "its when condition was false", pruned: false });

function asyncWhen(stage: string): Error {
  return new InvalidOptionsError(
    `Pipeline.withStage("${stage}")`,
    `its when condition returned a promise; it must decide synchronously from ` +
      `its inputs and the snapshot. For a decision that needs I/O, let the stage itself return StageOutput.skip().`,
  );
}

/**
 * Applies, in order: route selection, pruning cascade, the stage's `when` condition, plugins' `shouldRun`.
 * The first that objects decides.
 */
export function gate(node: GraphNode, source: GateSource): Gate {
  const i = node.index;
  if (source.routeRejected !== undefined && node.hasRouteParent && source.routeRejected[i] === 1)
    return NOT_SELECTED;
  if (source.prunedDeps !== undefined && node.deps.length > 0 && source.prunedDeps[i] === node.deps.length) {
    return ALL_PRUNED;
  }
  if (node.when !== undefined) {
    let run: unknown;
    try {
      const ctx = new StageContextImpl(source.host, node, 1);
      const snapshot = source.host.snapshot;
      run =
        typeof node.when === "function"
          ? node.when(ctx.inputs, snapshot)
          : node.when.evaluate(ctx.inputs, snapshot);
    } catch (error) {
      return { fail: isError(error) ? error : new NonErrorThrownError(node.name, error) };
    }
    // A promise is truthy: running the stage on it would ignore what it resolves to.
    if (typeof run === "object" && run !== null && typeof readSafely(run, "then") === "function")
      return { fail: asyncWhen(node.name) };
    if (!run) return WHEN_FALSE;
  }
  const hooks = source.hooks;
  if (hooks !== undefined && hooks.hasShouldRun) {
    const decision = hooks.shouldRun(node, source);
    if (decision instanceof Error) return { fail: decision };
    if (decision !== undefined) return { skip: decision.skip, pruned: false };
  }
  return undefined;
}

/**
 * After a ROUTE stage completed `ok`, marks the dependents its `route` did not select (a key or an array
 * of keys, matched against each dependent's branch). Without a `route` every branch runs.
 */
export function rejectUnselected(
  nodes: readonly GraphNode[],
  rejected: Uint8Array,
  node: GraphNode,
  data: unknown,
): void {
  const route = (data as { route?: unknown } | null | undefined)?.route;
  if (route === undefined) return;
  const keys: unknown[] = Array.isArray(route) ? route : [route];
  const selected = new Set(keys.map((k) => String(k as string)));
  for (const d of node.dependents) {
    if (!selected.has((nodes[d] as GraphNode).branch)) rejected[d] = 1;
  }
}
