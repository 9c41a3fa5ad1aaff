/**
 * @module Runs one stage attempt through its interceptor onion and normalises what comes back.
 * @internal
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { InvalidStageOutputError, type OutputIssue } from "../errors/invalidStageOutputError.js";
import { NonErrorThrownError } from "../errors/nonErrorThrownError.js";
import { isStageflowError, StageflowError } from "../errors/stageflowError.js";
import type { Interceptor, InterceptorContext, NextFn, NextOverrides } from "../interceptor.js";
import { isStageOutput, makeOutput, StageOutput } from "../stageOutput.js";
import { linkOfOverrides } from "../abortLink.js";
import type { GraphNode } from "./graphNode.js";
import { isError, readSafely, toText } from "./inspect.js";
import type { StageContextImpl } from "./stageContextImpl.js";

const OK_EMPTY = StageOutput.ok();

/** Freezes plain objects and arrays reachable from `value`; frozen objects end the walk (and break cycles). */
export function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
}

/**
 * Tells whether a thrown value is the attempt's abort surfacing (the signal's reason itself, an
 * `AbortError`, or an error caused by the reason) rather than a failure of the stage's own.
 */
function isAbortSurfacing(thrown: unknown, reason: unknown): boolean {
  if (thrown === reason) return true;
  if (!isError(thrown)) return false;
  return (
    readSafely(thrown, "name") === "AbortError" ||
    (reason !== undefined && readSafely(thrown, "cause") === reason)
  );
}

/**
 * Turns a thrown value into an output. The abort of the attempt's signal becomes `cancel` (or `fail`
 * with the timeout error); any other throw is the stage's own failure, kept even when the run was
 * stopping at the time, so its error is never lost.
 */
export function errorToOutput(thrown: unknown, ctx: InterceptorContext): StageOutput {
  const reason: unknown = ctx.signal.aborted ? ctx.signal.reason : undefined;
  if (ctx.signal.aborted && isAbortSurfacing(thrown, reason)) {
    if (isStageflowError(reason) && reason.code === "STAGE_TIMEOUT") return StageOutput.fail(reason);
    const error = isError(reason) ? reason : new StageflowError("PIPELINE_CANCELLED", toText(reason));
    return cancelWith(error);
  }
  return StageOutput.fail(isError(thrown) ? thrown : new NonErrorThrownError(ctx.stageName, thrown));
}

function cancelWith(error: Error): StageOutput {
  return makeOutput("cancel", undefined, { error, reason: error.message });
}

function pathOf(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
}

function withData(out: StageOutput, data: unknown): StageOutput {
  return StageOutput.ok(data, {
    artifacts: out.artifacts,
    events: out.events,
    ...(out.durationMs !== undefined ? { durationMs: out.durationMs } : {}),
  });
}

function applySchema(
  node: GraphNode,
  out: StageOutput,
  result: StandardSchemaV1.Result<unknown>,
): StageOutput {
  if (result.issues !== undefined) {
    const issues: OutputIssue[] = result.issues.map((i) => ({ path: pathOf(i), message: i.message }));
    return StageOutput.fail(new InvalidStageOutputError(node.name, issues));
  }
  if (result.value === out.data) return out;
  deepFreeze(result.value);
  return withData(out, result.value);
}

/** Normalises a stage's return value into a frozen output, validating `ok` data against its schema. */
export function normalise(node: GraphNode, value: unknown): StageOutput | Promise<StageOutput> {
  let out: StageOutput;
  if (value === undefined) out = OK_EMPTY;
  else if (isStageOutput(value)) out = value;
  else if (typeof value === "function" || typeof value === "symbol") {
    return StageOutput.fail(
      new InvalidStageOutputError(
        node.name,
        [{ path: "", message: `a ${typeof value} is not a stage result; return data or a StageOutput` }],
        false,
      ),
    );
  } else out = StageOutput.ok(value);
  try {
    deepFreeze(out.data);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return StageOutput.fail(
      new InvalidStageOutputError(
        node.name,
        [{ path: "", message: "data nested too deeply to freeze (the call stack ran out)" }],
        false,
      ),
    );
  }
  const schema = node.output;
  if (schema === undefined || out.status !== "ok") return out;
  let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
  try {
    result = schema["~standard"].validate(out.data);
  } catch (error) {
    return StageOutput.fail(
      new InvalidStageOutputError(node.name, [{ path: "", message: `the schema threw: ${String(error)}` }]),
    );
  }
  if (result instanceof Promise) return result.then((r) => applySchema(node, out, r));
  return applySchema(node, out, result);
}

/** Tells promises and other thenables apart from plain values. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function"
  );
}

/** Calls `stage.execute` once and turns whatever happens into an output. */
export async function callStage(
  node: GraphNode,
  ctx: StageContextImpl,
  onAttempt: () => void,
): Promise<StageOutput> {
  onAttempt();
  let value: unknown;
  try {
    const returned: unknown = node.target.execute(ctx);
    // Await only real thenables, so a synchronous stage costs no extra microtask.
    value = isThenable(returned) ? await returned : returned;
  } catch (error) {
    return errorToOutput(error, ctx);
  }
  return normalise(node, value);
}

function contractError(ic: Interceptor, ctx: InterceptorContext, got: unknown): StageOutput {
  return StageOutput.fail(
    new StageflowError(
      "INTERCEPTOR_CONTRACT",
      `Interceptor "${ic.name}" on stage "${ctx.stageName}" resolved with ${got === undefined ? "undefined" : typeof got} ` +
        `instead of a StageOutput. Return the result of next() (or a StageOutput).`,
    ),
  );
}

/** Runs an interceptor's `intercept`, checking that it resolves with an output. */
function invokeIntercept(
  ic: Interceptor & { intercept: NonNullable<Interceptor["intercept"]> },
  ctx: InterceptorContext,
  next: NextFn,
): Promise<StageOutput> {
  let pending: unknown;
  try {
    pending = ic.intercept(ctx, next);
  } catch (error) {
    return Promise.resolve(errorToOutput(error, ctx));
  }
  // No async frame: one reaction on the interceptor's own promise (a plain value is adopted too).
  return Promise.resolve(pending).then(
    (out: unknown) => (isStageOutput(out) ? out : contractError(ic, ctx, out)),
    (error: unknown) => errorToOutput(error, ctx),
  );
}

/** Runs the `before` / `after` / `onError` sugar around the inner layers. */
async function invokeSugar(ic: Interceptor, ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
  try {
    if (ic.before !== undefined) {
      const early = await ic.before(ctx);
      if (isStageOutput(early)) return early;
    }
    let out = await next();
    if (out.status === "fail" || out.status === "retry") {
      const replaced = ic.onError ? await ic.onError(ctx, out.error as Error, out) : undefined;
      if (isStageOutput(replaced)) out = replaced;
    } else if (ic.after !== undefined) {
      const replaced = await ic.after(ctx, out);
      if (isStageOutput(replaced)) out = replaced;
    }
    return out;
  } catch (error) {
    return errorToOutput(error, ctx);
  }
}

function invokeLayer(ic: Interceptor, ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
  if (ic.intercept !== undefined)
    return invokeIntercept(ic as Parameters<typeof invokeIntercept>[0], ctx, next);
  return invokeSugar(ic, ctx, next);
}

/** What one stage attempt runs: the stage, its ordered interceptors, and an attempt counter. */
export interface AttemptPlan {
  readonly node: GraphNode;
  readonly chain: readonly Interceptor[];
  readonly onAttempt: () => void;
}

/** Runs the onion from layer `k` inwards. */
export function runChain(plan: AttemptPlan, k: number, ctx: StageContextImpl): Promise<StageOutput> {
  if (k === plan.chain.length) return callStage(plan.node, ctx, plan.onAttempt);
  const next: NextFn = (overrides?: NextOverrides) =>
    runChain(
      plan,
      k + 1,
      overrides === undefined
        ? ctx
        : // A link handed down through its overrides stays lazy: its signal is created only if read.
          ctx.derive(overrides.attempt ?? ctx.attempt, linkOfOverrides(overrides) ?? overrides.signal),
    );
  return invokeLayer(plan.chain[k] as Interceptor, ctx, next);
}
