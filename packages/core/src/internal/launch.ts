/**
 * @module Starts one stage: waits for plugin slots, runs its interceptor onion (or calls it directly)
 * and hands the normalised output to the run.
 * @internal
 */
import { orderInterceptors, type Interceptor } from "../interceptor.js";
import { StageOutput } from "../stageOutput.js";
import { errorToOutput, normalise, runChain } from "./attempt.js";
import type { GraphNode } from "./graphNode.js";
import type { PluginHooks } from "./pluginHooks.js";
import type { Run } from "./run.js";
import { StageContextImpl } from "./stageContextImpl.js";

/** Starts stage `i`, whose gate let it run; it settles through `run.settle` whatever happens. */
export function launchStage(run: Run, i: number): void {
  if (run.hooks !== undefined && run.hooks.hasAcquire) {
    acquireThenLaunch(run, i).catch((error: unknown) => run.settle(i, StageOutput.fail(error)));
  } else void launch(run, i);
}

/**
 * Waits for the plugins' slots, then starts the stage. The slots are given back when the run settles
 * the stage (`PluginHooks.releaseSlots`), not when the stage's promise settles: a stage the run gives
 * up on after `abortGraceMs` may never settle.
 */
async function acquireThenLaunch(run: Run, i: number): Promise<void> {
  const node = run.nodes[i] as GraphNode;
  const admitted = await (run.hooks as PluginHooks).acquire(node, run.signal);
  if (admitted instanceof Error) return run.settle(i, StageOutput.fail(admitted));
  // The run may have stopped while this stage waited, even if its slot was granted.
  if (admitted === "stopped" || run.stopping !== undefined) {
    if (admitted !== "stopped") for (const release of admitted) release();
    return run.settle(i, undefined, "the run stopped while the stage waited for a slot");
  }
  (run.hooks as PluginHooks).holdSlots(i, admitted);
  return launch(run, i);
}

/**
 * Runs stage `i` (its interceptor onion, if any) and settles it. The returned promise settles once
 * the stage has; callers that do not need it may drop it, as it never rejects.
 */
function launch(run: Run, i: number): Promise<void> {
  const node = run.nodes[i] as GraphNode;
  // A stage released by a settle starts at that settle's clock reading: no time passes in between.
  const now = run.settleNow;
  run.startedAt[i] = Number.isNaN(now) ? run.clock.now() : now;
  run.emitter.stageStarted(node.name, node.kind);
  const ctx = new StageContextImpl(run.host, node, 1);
  const chain = chainFor(run, node);
  if (chain.length > 0) {
    const onAttempt = (): void => {
      run.attempts[i] = (run.attempts[i] as number) + 1;
    };
    return runChain({ node, chain, onAttempt }, 0, ctx).then(
      (output) => run.settle(i, output),
      (error: unknown) => run.settle(i, StageOutput.fail(error)),
    );
  }
  // No interceptors: call the stage directly, with no wrapper promises around it. The handlers below
  // capture only the run and the index, so the context can be collected as soon as the stage is done
  // with it (with thousands of stages in flight, it would otherwise survive every young collection).
  run.attempts[i] = (run.attempts[i] as number) + 1;
  let pending: Promise<unknown>;
  try {
    const returned: unknown = node.target.execute(ctx);
    // A synchronous result still settles in a later microtask, like an awaited one.
    pending = returned instanceof Promise ? returned : Promise.resolve(returned);
  } catch (error) {
    const output = errorToOutput(error, ctx);
    return Promise.resolve().then(() => run.settle(i, output));
  }
  return pending.then(
    (value) => complete(run, i, value),
    (error: unknown) => run.settle(i, errorToOutput(error, contextOf(run, i))),
  );
}

/** A fresh context of stage `i`'s first attempt: the same signal and name as the one it was called with. */
function contextOf(run: Run, i: number): StageContextImpl {
  return new StageContextImpl(run.host, run.nodes[i] as GraphNode, 1);
}

/** Normalises a stage's return value (validating its schema) and settles the stage with it. */
function complete(run: Run, i: number, value: unknown): void {
  const node = run.nodes[i] as GraphNode;
  let output: StageOutput | Promise<StageOutput>;
  try {
    output = normalise(node, value);
  } catch (error) {
    return run.settle(i, StageOutput.fail(error));
  }
  if (output instanceof Promise) {
    output.then(
      (o) => run.settle(i, o),
      (error: unknown) => run.settle(i, StageOutput.fail(error)),
    );
  } else run.settle(i, output);
}

function chainFor(run: Run, node: GraphNode): readonly Interceptor[] {
  if (run.chains === undefined) return node.interceptors;
  return (run.chains[node.index] ??= orderInterceptors([
    ...run.graph.pipelineInterceptors,
    ...run.runInterceptors,
    ...node.ownInterceptors,
  ]));
}
