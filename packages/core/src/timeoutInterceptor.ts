/**
 * @module `TimeoutInterceptor`: bounds each attempt (or, placed outside a retry, all of them).
 */
import { AbortLink } from "./abortLink.js";
import { StageTimeoutError } from "./errors/stageTimeoutError.js";
import { InvalidOptionsError } from "./errors/invalidOptionsError.js";
import type { Interceptor, InterceptorContext, NextFn } from "./interceptor.js";
import { assertKnownOptions } from "./options.js";
import { StageOutput } from "./stageOutput.js";
import { scheduleOn } from "./internal/schedule.js";

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

  /**
   * Runs the inner layers with the attempt's own signal, racing them against one timer on the run's
   * clock. Finishing first cancels the timer and leaves the attempt's signal untouched.
   * @param ctx - the attempt's context
   * @param next - the inner layers
   * @returns the inner layers' output, or a `fail` carrying a {@link StageTimeoutError}
   */
  intercept(ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
    const timeoutMs = this.timeoutMs;
    // Follows the stage's signal (the run's, or a retry's attempt) without an event listener, and
    // without creating the attempt's signal unless the stage reads it.
    const link = new AbortLink(ctx);
    return new Promise<StageOutput>((resolve, reject) => {
      let settled = false;
      let cancel: (() => void) | undefined;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        cancel?.();
        link.unlink();
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
        next(link.overrides()).then((output) => {
          if (finish()) resolve(output);
        }, pass);
      } catch (thrown) {
        pass(thrown);
      }
    });
  }
}
