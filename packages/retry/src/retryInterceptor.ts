/**
 * @module `RetryInterceptor`: retries failed stage attempts with backoff, jitter and Retry-After.
 */
import {
  assertKnownStageNames,
  InvalidOptionsError,
  type Interceptor,
  type InterceptorContext,
  type InterceptorTarget,
  type NextFn,
  type StageOutput,
} from "@stageflow/core";
import { takeOverFromOuterRetry } from "./internal/attemptSignal.js";
import { resolveAll } from "./internal/policy.js";
import { runRetryLoop } from "./internal/retryLoop.js";
import type { RetryInterceptorOptions, RetryPolicy } from "./retryOptions.js";

/**
 * Retries a stage's failed attempts on the run's clock. Attach it per run
 * (`graph.run(snapshot, { interceptors: [retry] })`), per pipeline (`new Pipeline(name, {
 * interceptors })`) or per stage (`withStage(stage, { interceptors })`); one instance serves any
 * number of concurrent runs, keeping all per-attempt state (such as decorrelated jitter) in the run.
 *
 * Each attempt runs the inner layers with `attempt` = 1, 2, … and a fresh signal that follows the
 * stage's signal. It retries `TransientError`, `RateLimitError`, `ServiceUnavailableError`,
 * `StageTimeoutError`, network failures, `StageOutput.retry(...)` and whatever `retryOn` accepts;
 * never `NonRetryableError`, aborts, `cancel` outputs or `InvalidStageOutputError`. Each retry emits
 * `stage.retry_scheduled`; when the budget (`maxAttempts`, `maxElapsedMs`) is spent it emits
 * `stage.retry_exhausted` and fails the stage with `RetryExhaustedError`. Aborting the run during a
 * wait cancels the stage at once.
 *
 * Placement: at its default priority (200) it sits outside core's `TimeoutInterceptor` (300), so a
 * stage's `timeoutMs` bounds each attempt. A timeout with a priority below 200 bounds all attempts
 * together. When two retries wrap a stage directly (say one per run and one on the stage), the
 * inner one runs the attempts and the outer one steps aside, so budgets never multiply.
 *
 * A name in `stages` that is not a stage of the graph the retry is attached to but is close to one (a
 * misspelling) makes `Pipeline.build()` throw (pipeline and stage interceptors) or `graph.run` reject
 * before any stage starts (run interceptors), with an `InvalidOptionsError` naming that stage. A name
 * no stage is close to is accepted, so one instance can serve pipelines that lack some of its stages.
 * @example
 * ```ts
 * const retry = new RetryInterceptor({
 *   maxAttempts: 4,
 *   baseDelayMs: 500,
 *   stages: { llm: { maxAttempts: 6, maxRetryAfterMs: 120_000 } },
 * });
 * const result = await graph.run(snapshot, { interceptors: [retry] });
 * ```
 */
export class RetryInterceptor implements Interceptor {
  /** Always `"retry"`. */
  readonly name = "retry";
  /** Position in the interceptor onion (lower is outer). */
  readonly priority: number;
  readonly #base: RetryPolicy;
  readonly #stages: ReadonlyMap<string, RetryPolicy | false>;
  // Targets (one frozen object per graph) whose stages already passed the check in `attach`.
  readonly #checked = new WeakSet<InterceptorTarget>();

  /**
   * @param options - the policy, per-stage overrides and priority; every field is optional
   * @throws `InvalidOptionsError` for an unknown option (naming the closest, e.g. `max_attempts` →
   *   `maxAttempts`) or an invalid value
   */
  constructor(options: RetryInterceptorOptions = {}) {
    const { base, stages } = resolveAll(options);
    this.#base = base;
    this.#stages = stages;
    const priority = options.priority ?? 200;
    if (typeof priority !== "number" || !Number.isFinite(priority)) {
      throw new InvalidOptionsError(
        "RetryInterceptor",
        `priority must be a finite number, got ${String(priority)}.`,
      );
    }
    this.priority = priority;
  }

  /**
   * The policy applied to a stage, with defaults and its overrides filled in.
   * @param stage - a stage name
   * @returns the resolved policy, or `undefined` when retrying is turned off for that stage
   */
  policyFor(stage: string): RetryPolicy | undefined {
    const policy = this.#stages.get(stage) ?? this.#base;
    return policy === false ? undefined : policy;
  }

  /**
   * Checks the names in `stages` against the graph for misspellings (called by core when the graph is
   * built, or when a run starts for a run interceptor). One instance may serve any number of graphs;
   * it remembers, weakly, the targets (one per graph) that passed, so a run interceptor checks each
   * graph once rather than on every run.
   * @param target - the pipeline's name and its stage names
   * @throws `InvalidOptionsError` naming each misspelt stage, the pipeline and the stage it was
   *   probably meant to be
   */
  attach(target: InterceptorTarget): void {
    if (this.#stages.size === 0 || this.#checked.has(target)) return;
    assertKnownStageNames("RetryInterceptor", "stages", this.#stages.keys(), target);
    this.#checked.add(target);
  }

  /**
   * Runs the attempts of one stage (called by the executor).
   * @param ctx - the stage's context
   * @param next - runs the inner layers and the stage once
   * @returns the first final output, a `fail` output with `RetryExhaustedError`, or a `cancel`
   *   output when the run was aborted during a wait
   */
  async intercept(ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
    const policy = this.policyFor(ctx.stageName);
    if (policy === undefined) return next();
    takeOverFromOuterRetry(ctx);
    return runRetryLoop({ ctx, next, policy });
  }
}
