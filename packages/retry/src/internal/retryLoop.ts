/**
 * @module The attempt loop behind `RetryInterceptor`: judge, wait, try again, or give up.
 * @internal
 */
import {
  AbortLink,
  OptionCallbackError,
  serializeError,
  StageOutput,
  StageflowError,
  type InterceptorContext,
  type NextFn,
} from "@stageflow/core";
import { computeRetryDelay } from "../computeRetryDelay.js";
import { RetryExhaustedError, type RetryExhaustedReason } from "../errors/retryExhaustedError.js";
import { TransientError } from "../errors/transientError.js";
import type { RetryPolicy } from "../retryOptions.js";
import { AttemptSignal } from "./attemptSignal.js";
import { isNeverRetryable, isRetryableByDefault } from "./classify.js";
import { emitRetryEvent } from "./events.js";
import { retryAfterOf } from "./retryAfter.js";

/** What one retry loop works with. */
interface Loop {
  readonly ctx: InterceptorContext;
  readonly next: NextFn;
  readonly policy: RetryPolicy;
}

/** The wait before the next attempt, and what the event reports about it. */
interface Plan {
  readonly delayMs: number;
  readonly computedMs: number;
  readonly retryAfterMs?: number;
  readonly capped?: boolean;
}

/** What {@link ask} returns when `retryOn` threw: the error the attempt then fails with. */
class Threw {
  constructor(readonly error: OptionCallbackError) {}
}

/**
 * Asks `retryOn` about an attempt. A throw comes back as a {@link Threw} holding an
 * {@link OptionCallbackError} naming `retryOn`, whose cause is the attempt's own error, so that a bug in
 * the predicate loses nothing.
 */
function ask(loop: Loop, output: StageOutput, failure: Error | StageOutput, attempt: number): unknown {
  const retryOn = loop.policy.retryOn;
  if (retryOn === undefined) return undefined;
  try {
    return retryOn(failure, attempt);
  } catch (thrown) {
    const stage = loop.ctx.stageName;
    const option = { owner: "RetryInterceptor", option: "retryOn", stage, attempt, thrown };
    return new Threw(new OptionCallbackError({ ...option, cause: output.error }));
  }
}

/**
 * Returns the error to retry on, `undefined` when `output` is final, or a {@link Threw} when
 * `retryOn` threw (the attempt then fails with its error, never retried).
 */
function judge(loop: Loop, output: StageOutput, attempt: number): Error | Threw | undefined {
  const { ctx } = loop;
  if (output.status === "ok") {
    const verdict = ask(loop, output, output, attempt);
    if (verdict instanceof Threw) return verdict;
    if (verdict !== true) return undefined;
    return new TransientError(
      `retryOn rejected the output of attempt ${attempt} of stage "${ctx.stageName}".`,
    );
  }
  if (output.status !== "fail" && output.status !== "retry") return undefined;
  const error =
    output.error ?? new StageflowError("UNKNOWN", `stage "${ctx.stageName}" failed without an error`);
  if (isNeverRetryable(error)) return undefined;
  // Only a real boolean overrides the default; anything else (undefined, a stray value) keeps it.
  const verdict = ask(loop, output, error, attempt);
  if (verdict instanceof Threw) return verdict;
  if (verdict === true) return error;
  if (verdict === false) return undefined;
  return output.status === "retry" || isRetryableByDefault(error) ? error : undefined;
}

function plan(loop: Loop, error: Error, attempt: number, previousDelayMs: number | undefined): Plan {
  const { policy, ctx } = loop;
  const computedMs = computeRetryDelay({
    attempt,
    baseDelayMs: policy.baseDelayMs,
    maxDelayMs: policy.maxDelayMs,
    backoff: policy.backoff,
    jitter: policy.jitter,
    random: policy.random ?? ctx.random,
    ...(previousDelayMs === undefined ? {} : { previousDelayMs }),
  });
  if (!policy.respectRetryAfter) return { delayMs: computedMs, computedMs };
  const retryAfterMs = retryAfterOf(error, ctx.clock.now());
  if (retryAfterMs === undefined) return { delayMs: computedMs, computedMs };
  const capped = retryAfterMs > policy.maxRetryAfterMs;
  return { delayMs: capped ? policy.maxRetryAfterMs : retryAfterMs, computedMs, retryAfterMs, capped };
}

function exhaust(
  loop: Loop,
  errors: readonly Error[],
  reason: RetryExhaustedReason,
  data: unknown,
): StageOutput {
  const { ctx, policy } = loop;
  const limit = reason === "maxAttempts" ? policy.maxAttempts : policy.maxElapsedMs;
  const error = new RetryExhaustedError({ stage: ctx.stageName, errors, reason, limit });
  const last = errors[errors.length - 1];
  emitRetryEvent(ctx, "stage.retry_exhausted", errors.length, {
    attempts: errors.length,
    error: serializeError(last),
    reason,
  });
  return StageOutput.fail(error, data);
}

function describeReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === "string" ? reason : "aborted";
}

/** Runs attempts until one is final, the budget is spent, or the stage's signal aborts. */
export async function runRetryLoop(loop: Loop): Promise<StageOutput> {
  const { ctx, next, policy } = loop;
  // Only a finite elapsed budget needs the start time (saves a clock read per stage by default).
  const bounded = Number.isFinite(policy.maxElapsedMs);
  const startedAt = bounded ? ctx.clock.now() : 0;
  const errors: Error[] = [];
  let previousDelayMs: number | undefined;
  // The stage's link, when it has one, tells whether the stage was aborted without creating its signal.
  const stageLink = AbortLink.of(ctx);
  for (let attempt = 1; ; attempt++) {
    const link = new AttemptSignal(ctx);
    let output: StageOutput;
    try {
      output = await next(link.overrides(attempt));
    } finally {
      link.unlink();
    }
    // Another retry inside this one owns the stage, or the run stopped: either way this answer is final.
    if (link.delegated || (stageLink?.aborted ?? ctx.signal.aborted)) return output;
    const error = judge(loop, output, attempt);
    if (error === undefined) return output;
    // retryOn threw: the attempt ends here, failed with an error naming retryOn (never retried).
    if (error instanceof Threw) return StageOutput.fail(error.error, output.data);
    errors.push(error);
    link.supersede(
      new StageflowError("RETRY_SUPERSEDED", `attempt ${attempt} of stage "${ctx.stageName}" failed`),
    );
    if (attempt >= policy.maxAttempts) return exhaust(loop, errors, "maxAttempts", output.data);
    const wait = plan(loop, error, attempt, previousDelayMs);
    previousDelayMs = wait.computedMs;
    if (bounded && ctx.clock.now() - startedAt + wait.delayMs >= policy.maxElapsedMs) {
      return exhaust(loop, errors, "maxElapsedMs", output.data);
    }
    emitRetryEvent(ctx, "stage.retry_scheduled", attempt, {
      attempt,
      delayMs: wait.delayMs,
      error: serializeError(error),
      backoff: policy.backoff,
      jitter: policy.jitter,
      ...(wait.retryAfterMs === undefined
        ? {}
        : { retryAfterMs: wait.retryAfterMs, capped: wait.capped === true }),
    });
    try {
      await ctx.clock.sleep(wait.delayMs, ctx.signal);
    } catch (thrown) {
      if (!ctx.signal.aborted) throw thrown;
      return StageOutput.cancel(
        `aborted while waiting ${wait.delayMs} ms to retry after attempt ${attempt} (${describeReason(ctx.signal)}); not retried`,
      );
    }
  }
}
