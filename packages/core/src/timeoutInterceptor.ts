/**
 * @module `TimeoutInterceptor`: bounds each attempt (or, placed outside a retry, all of them).
 */
import { StageTimeoutError } from "./errors/stageTimeoutError.js";
import { InvalidOptionsError } from "./errors/invalidOptionsError.js";
import type { Interceptor, InterceptorContext, NextFn } from "./interceptor.js";
import { assertKnownOptions } from "./options.js";
import { onAbort } from "./onAbort.js";
import { StageOutput } from "./stageOutput.js";

/** Options of {@link TimeoutInterceptor}. */
export interface TimeoutInterceptorOptions {
  /** Milliseconds an attempt may take (on the run's clock). */
  readonly timeoutMs: number;
  /**
   * Position in the onion; the default (300) sits inside a retry (200), so each attempt gets the full
   * timeout. Give it a priority below 200 to bound all attempts together.
   * @defaultValue 300
   */
  readonly priority?: number;
}

const KEYS = ["timeoutMs", "priority"] as const;

/** Why a timer is cleared when its attempt finished first; it never leaves this module. */
const TIMER_CLEARED: unknown = Object.freeze({ reason: "the attempt finished before its timeout" });

/**
 * Aborts the attempt's signal with a {@link StageTimeoutError} once `timeoutMs` passes on the run's
 * clock, emits `stage.timeout`, and resolves at once with a `fail` output carrying that error, even if
 * the stage ignores its signal (its late result is discarded). Clears its timer in every case.
 * @example
 * ```ts
 * pipeline.withStage(llm, { interceptors: [new TimeoutInterceptor({ timeoutMs: 20_000 })] });
 * // same as: pipeline.withStage(llm, { timeoutMs: 20_000 })
 * ```
 */
export class TimeoutInterceptor implements Interceptor {
  /** Always `"timeout"`. */
  readonly name = "timeout";
  /** Position in the onion. */
  readonly priority: number;
  /** The timeout. */
  readonly timeoutMs: number;

  /** @param options - `timeoutMs` and an optional priority */
  constructor(options: TimeoutInterceptorOptions) {
    assertKnownOptions("TimeoutInterceptor", options, KEYS);
    const ms = options?.timeoutMs;
    if (typeof ms !== "number" || !(ms > 0) || !Number.isFinite(ms)) {
      throw new InvalidOptionsError(
        "TimeoutInterceptor",
        `timeoutMs must be a positive finite number, got ${String(ms)}.`,
      );
    }
    this.timeoutMs = ms;
    this.priority = options.priority ?? 300;
  }

  /** Races the inner layers against the clock. */
  async intercept(ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
    const attempt = new AbortController();
    const timer = new AbortController();
    // The run's signal is shared by every running stage: follow it without adding a listener to it.
    const unfollow = onAbort(ctx.signal, (reason) => attempt.abort(reason));
    const timedOut = ctx.clock.sleep(this.timeoutMs, timer.signal).then(
      () => {
        const error = new StageTimeoutError(ctx.stageName, this.timeoutMs);
        ctx.emit("stage.timeout", { timeoutMs: this.timeoutMs });
        attempt.abort(error);
        return StageOutput.fail(error);
      },
      // The timer was cleared because the attempt finished first: this branch never wins the race.
      () => new Promise<never>(() => undefined),
    );
    try {
      return await Promise.race([next({ signal: attempt.signal }), timedOut]);
    } finally {
      // An explicit reason: abort() without one builds a DOMException with a stack trace per attempt.
      timer.abort(TIMER_CLEARED);
      unfollow();
    }
  }
}
