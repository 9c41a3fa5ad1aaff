/**
 * @module The interceptor contract: an onion around each stage attempt.
 */
import type { RandomSource } from "./clock.js";
import type { AnyStage } from "./stage.js";
import type { StageContext } from "./stageContext.js";
import type { StageOutput } from "./stageOutput.js";

/** What an interceptor sees: the attempt's context plus the stage and the run's random source. */
export interface InterceptorContext extends StageContext {
  /** The stage being run. */
  readonly stage: AnyStage;
  /** The run's random source (inject one per run for deterministic jitter). */
  readonly random: RandomSource;
}

/** What an interceptor is attached to, as {@link Interceptor.attach} receives it. */
export interface InterceptorTarget {
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The names of every stage of the graph, in topological order (also for a stage's own interceptor). */
  readonly stages: readonly string[];
}

/** Changes an interceptor may make for the layers inside it. */
export interface NextOverrides {
  /** The attempt number the inner layers and the stage see. */
  readonly attempt?: number | undefined;
  /** The signal the inner layers and the stage see (e.g. a per-attempt signal with a timeout). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs the inner layers and finally the stage. Always resolves with a {@link StageOutput}: a stage
 * that throws resolves to a `fail` output whose `error` is what it threw (wrapped if not an Error),
 * and an attempt aborted by its signal resolves to `cancel` (or `fail` with the timeout error).
 */
export type NextFn = (overrides?: NextOverrides) => Promise<StageOutput>;

/**
 * Cross-cutting behaviour around each stage attempt. Implement `intercept` for full control, or the
 * `before` / `after` / `onError` sugar. Interceptors are ordered by `priority` (lower is outer),
 * then by registration: pipeline-level, then run-level, then stage-level.
 *
 * ```
 * priority:  100 (default)  ▸ 200 retry ▸ 250 circuit breaker ▸ 300 timeout ▸ stage.execute
 *            outer ───────────────────────────────────────────────────────▸ inner
 * ```
 * An interceptor inside the retry wraps each attempt; one outside wraps all of them.
 */
export interface Interceptor {
  /** Shown in errors and events. */
  readonly name: string;
  /**
   * Lower runs outside higher.
   * @defaultValue 100
   */
  readonly priority?: number | undefined;
  /**
   * Checks the interceptor against what it is attached to, for instance that the stage names in its
   * options are stages of the graph. Core calls it once per graph for pipeline and stage interceptors,
   * when `Pipeline.build()` builds the graph, and once per run for run interceptors, when `graph.run`
   * starts, before any event or stage. `target.stages` is always the whole graph's stage names, also
   * for an interceptor given to one stage. Throwing refuses the attachment: `build()` throws the error,
   * or `graph.run` rejects with it. One instance may be attached to any number of graphs and runs, so
   * keep nothing from `target`.
   * @param target - the pipeline's name and its stage names
   */
  attach?(target: InterceptorTarget): void;
  /**
   * Wraps the inner layers. Must return (or resolve to) the output of `next()` or a replacement.
   * @param ctx - this attempt's context
   * @param next - runs the inner layers; may be called more than once (retries)
   */
  intercept?(ctx: InterceptorContext, next: NextFn): Promise<StageOutput>;
  /** Runs before the inner layers; returning an output short-circuits them. Ignored when `intercept` is set. */
  before?(ctx: InterceptorContext): void | StageOutput | Promise<void | StageOutput>;
  /** Runs after a non-failed output; returning an output replaces it. Ignored when `intercept` is set. */
  after?(ctx: InterceptorContext, output: StageOutput): void | StageOutput | Promise<void | StageOutput>;
  /** Runs after a `fail` / `retry` output; returning an output replaces it. Ignored when `intercept` is set. */
  onError?(
    ctx: InterceptorContext,
    error: Error,
    output: StageOutput,
  ): void | StageOutput | Promise<void | StageOutput>;
}

/** Default priority of an interceptor that does not set one. */
export const DEFAULT_INTERCEPTOR_PRIORITY = 100;

/**
 * Sorts interceptors by priority, keeping registration order among equals.
 * @internal
 */
export function orderInterceptors(list: readonly Interceptor[]): Interceptor[] {
  return list
    .map((interceptor, index) => ({ interceptor, index }))
    .sort(
      (a, b) =>
        (a.interceptor.priority ?? DEFAULT_INTERCEPTOR_PRIORITY) -
          (b.interceptor.priority ?? DEFAULT_INTERCEPTOR_PRIORITY) || a.index - b.index,
    )
    .map((entry) => entry.interceptor);
}

/**
 * Calls `attach(target)` once on each interceptor of `list` that has it (an instance listed twice,
 * once). Allocates nothing.
 * @internal
 */
export function attachInterceptors(list: readonly Interceptor[], target: InterceptorTarget): void {
  for (let k = 0; k < list.length; k++) {
    const interceptor = list[k] as Interceptor;
    if (interceptor.attach !== undefined && list.indexOf(interceptor) === k) interceptor.attach(target);
  }
}

/**
 * Checks that a value is usable as an interceptor.
 * @internal
 */
export function isInterceptor(value: unknown): value is Interceptor {
  const v = value as Partial<Interceptor> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.name === "string" &&
    (typeof v.intercept === "function" ||
      typeof v.before === "function" ||
      typeof v.after === "function" ||
      typeof v.onError === "function")
  );
}
