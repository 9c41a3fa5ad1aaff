/**
 * @module `TimeoutInterceptor`: bounds each attempt (or, placed outside a retry, all of them).
 */
import { AbortLink } from "./abortLink.js";
import { StageTimeoutError } from "./errors/stageTimeoutError.js";
import { InvalidOptionsError } from "./errors/invalidOptionsError.js";
import type { Interceptor, InterceptorContext, NextFn } from "./interceptor.js";
import { onAbort } from "./onAbort.js";
import { assertKnownOptions } from "./options.js";
import { StageOutput } from "./stageOutput.js";
import { scheduleOn } from "./internal/schedule.js";
import { StageContextImpl } from "./internal/stageContextImpl.js";

/** Options of {@link TimeoutInterceptor}. */
export interface TimeoutInterceptorOptions {
  /** Milliseconds an attempt may take (on the run's clock). */
  readonly timeoutMs: number;
  /**
   * Position in the onion; the default (300) sits inside a retry (200), so each attempt gets the full
   * timeout. Give it a priority below 200 to bound all attempts together.
   * @defaultValue 300
   */
  readonly priority?: number | undefined;
}

const KEYS = ["timeoutMs", "priority"] as const;

/**
 * Aborts the attempt's signal with a {@link StageTimeoutError} once `timeoutMs` passes on the run's
 * clock, emits `stage.timeout`, and resolves at once with a `fail` output carrying that error, even if
 * the stage ignores its signal (its late result is discarded). Clears its timer when the stage
 * finishes first. When the signal it was given aborts first (the run stopped, or an outer layer gave
 * up on the attempt), the abort is passed on and the timer keeps bounding an attempt that ignores
 * it, but never beyond its run: the timer is cleared when the run ends (at the latest when the run
 * gives up on such a stage, `abortGraceMs` after it stopped), so no timeout fires after the run.
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
    const priority = options.priority ?? 300;
    if (typeof priority !== "number" || !Number.isFinite(priority)) {
      throw new InvalidOptionsError(
        "TimeoutInterceptor",
        `priority must be a finite number, got ${String(priority)}.`,
      );
    }
    this.priority = priority;
  }

  /**
   * Runs the inner layers with the attempt's own signal, racing them against one timer on the run's
   * clock. Finishing first cancels the timer and leaves the attempt's signal untouched; the signal
   * given to this layer aborting first aborts the attempt's signal too, and the timer then lasts
   * until it fires, the attempt finishes or the run ends, whichever comes first.
   * @param ctx - the attempt's context
   * @param next - the inner layers
   * @returns the inner layers' output, or a `fail` carrying a {@link StageTimeoutError}
   */
  intercept(ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
    const timeoutMs = this.timeoutMs;
    // The attempt's own link: its signal is created only if the stage reads it.
    const link = new AbortLink();
    return new Promise<StageOutput>((resolve, reject) => {
      let settled = false;
      let cancel: (() => void) | undefined;
      let unfollow: (() => void) | undefined;
      let unfollowEnd: (() => void) | undefined;
      const stopTimer = (): void => {
        const stop = cancel;
        cancel = undefined;
        stop?.();
      };
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        stopTimer();
        unfollow?.();
        unfollowEnd?.();
        return true;
      };
      const pass = (thrown: unknown): void => {
        // A rejection of the inner layers (or of the clock) passes through as is, as if awaited.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (finish()) reject(thrown);
      };
      const onTimeout = (): void => {
        if (settled) return;
        settled = true;
        unfollow?.();
        unfollowEnd?.();
        const error = new StageTimeoutError(ctx.stageName, timeoutMs);
        try {
          ctx.emit("stage.timeout", { timeoutMs });
        } finally {
          link.abort(error);
        }
        // Resolved now: a stage ignoring its signal has its late result discarded.
        resolve(StageOutput.fail(error));
      };
      try {
        cancel = scheduleOn(ctx.clock, timeoutMs, () => {
          try {
            onTimeout();
          } catch (thrown) {
            settled = false;
            pass(thrown);
          }
        });
        if (settled) return;
        // Follows the stage's signal (the run's, or a retry's attempt) without an event listener and,
        // for core's contexts, without creating it. Once it aborted, the timer still bounds a stage
        // that ignores its signal, but stops when the run ends: it must not fire after the run.
        unfollow = onAbort(ctx, (reason) => {
          link.abort(reason);
          const runEnd = ctx instanceof StageContextImpl ? ctx.runEnd : undefined;
          if (runEnd !== undefined && !settled) unfollowEnd = onAbort(runEnd, stopTimer);
        });
        next(link.overrides()).then((output) => {
          if (finish()) resolve(output);
        }, pass);
      } catch (thrown) {
        pass(thrown);
      }
    });
  }
}
