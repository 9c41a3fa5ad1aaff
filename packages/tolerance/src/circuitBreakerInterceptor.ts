/**
 * @module `CircuitBreakerInterceptor`: puts a {@link CircuitBreaker} around each stage attempt.
 */
import {
  assertKnownOptions,
  InvalidOptionsError,
  onAbort,
  OptionCallbackError,
  StageOutput,
  type Interceptor,
  type InterceptorContext,
  type NextFn,
} from "@stageflow/core";
import { CircuitBreaker } from "./circuitBreaker.js";
import type { CircuitBreakerOptions } from "./circuitBreakerOptions.js";
import { CircuitState, type CircuitTransition } from "./circuitState.js";
import { CircuitOpenError } from "./errors/circuitOpenError.js";

/** Options of {@link CircuitBreakerInterceptor}. */
export interface CircuitBreakerInterceptorOptions {
  /**
   * A breaker to share (across stages, interceptors and runs), or options for a new one owned by
   * this interceptor.
   * @defaultValue a new `CircuitBreaker()` (5 failures in a row, 30 s before probing)
   */
  readonly breaker?: CircuitBreaker | CircuitBreakerOptions | undefined;
  /**
   * Which circuit a call belongs to.
   * @defaultValue the stage's name
   */
  readonly key?: ((ctx: InterceptorContext) => string) | undefined;
  /**
   * Which outputs count as failures for the breaker. If it throws, the attempt counts neither way and
   * fails with an `OptionCallbackError` naming `isFailure`, whose `cause` is the attempt's own error.
   * @defaultValue `fail` and `retry` outputs
   */
  readonly isFailure?: ((output: StageOutput) => boolean) | undefined;
  /**
   * Position in the onion.
   * @defaultValue 250 (inside a retry at 200, outside a timeout at 300)
   */
  readonly priority?: number | undefined;
}

const KEYS = ["breaker", "key", "isFailure", "priority"] as const;
const EVENT = { open: "circuit.opened", half_open: "circuit.half_open", closed: "circuit.closed" } as const;

const defaultIsFailure = (output: StageOutput): boolean =>
  output.status === "fail" || output.status === "retry";

/**
 * Runs each attempt through a circuit breaker. While the circuit is open the stage is not called
 * and the attempt resolves to a `fail` output carrying a `CircuitOpenError` (never a fake success)
 * whose `cause` is the error of the failure that opened the circuit. A failed attempt after which
 * the circuit is open (typically the one that opened it) resolves to a `fail` carrying a
 * `CircuitOpenError` too, with `ran: true` and the attempt's own error as `cause` (and its data
 * kept), unless the circuit would already let a probe through (`halfOpenAfterMs: 0`).
 * State changes go to the run's sink as `circuit.opened`, `circuit.half_open` and `circuit.closed`.
 *
 * Its default priority, 250, puts it inside a retry interceptor (200) and outside a timeout (300):
 * every retry attempt is counted by the breaker (so a flapping dependency trips it), a timed-out
 * attempt counts as a failure, and once the circuit opens the retry stops at once, without waiting
 * for its next backoff, rather than hammering the dependency (`CircuitOpenError` is not retried by
 * default).
 *
 * An attempt whose signal aborts (the run stopped, or a layer outside this one gave up on it) counts
 * neither way, and gives its half-open probe back as soon as the signal aborts, so a stage that
 * ignores its signal cannot keep the circuit waiting for a probe that never ends. Its code may still
 * be running, so another probe can then reach the dependency beside it.
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ failureThreshold: 5, halfOpenAfterMs: 30_000 });
 * pipeline.withStage(search, {
 *   interceptors: [new RetryInterceptor({ maxAttempts: 3 }), new CircuitBreakerInterceptor({ breaker })],
 * });
 * ```
 */
export class CircuitBreakerInterceptor implements Interceptor {
  /** Always `"circuit-breaker"`. */
  readonly name = "circuit-breaker";
  /** Position in the onion. */
  readonly priority: number;
  /** The breaker whose state this interceptor reads and updates. */
  readonly breaker: CircuitBreaker;
  readonly #key: (ctx: InterceptorContext) => string;
  readonly #isFailure: (output: StageOutput) => boolean;

  /**
   * @param options - the breaker (or its options), key function, failure test and priority
   * @throws `InvalidOptionsError` for an unknown option or a value of the wrong type
   */
  constructor(options: CircuitBreakerInterceptorOptions = {}) {
    assertKnownOptions("CircuitBreakerInterceptor", options, KEYS);
    const { breaker, key, isFailure, priority } = options;
    if (key !== undefined && typeof key !== "function")
      throw new InvalidOptionsError("CircuitBreakerInterceptor", "key must be a function (ctx) => string.");
    if (isFailure !== undefined && typeof isFailure !== "function") {
      throw new InvalidOptionsError(
        "CircuitBreakerInterceptor",
        "isFailure must be a function (output) => boolean.",
      );
    }
    if (priority !== undefined && (typeof priority !== "number" || !Number.isFinite(priority))) {
      throw new InvalidOptionsError(
        "CircuitBreakerInterceptor",
        `priority must be a finite number, got ${String(priority)}.`,
      );
    }
    this.breaker = breaker instanceof CircuitBreaker ? breaker : new CircuitBreaker(breaker);
    this.#key = key ?? ((ctx) => ctx.stageName);
    this.#isFailure = isFailure ?? defaultIsFailure;
    this.priority = priority ?? 250;
  }

  /**
   * Asks the breaker, runs the inner layers when allowed, and records the outcome: once, when the
   * inner layers settle, or as neither success nor failure when the attempt's signal aborts first.
   * @param ctx - the attempt's context
   * @param next - the inner layers
   * @returns the inner layers' output, or a `fail` carrying a {@link CircuitOpenError}
   */
  async intercept(ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
    const key = this.#key(ctx);
    const onTransition = (t: CircuitTransition): void =>
      ctx.emit(EVENT[t.to], { key: t.key, failures: t.failures });
    const permit = this.breaker.tryAcquire(key, { now: ctx.clock.now(), onTransition });
    if (!permit.allowed) {
      const { retryAfterMs, cause } = permit;
      return StageOutput.fail(new CircuitOpenError(key, ctx.stageName, retryAfterMs, { cause }));
    }
    let pending = true;
    // Called at most once: when the attempt's signal aborts, or when the inner layers settle.
    const giveBack = (): void => {
      if (!pending) return;
      pending = false;
      this.breaker.releaseProbe(key, permit.probe);
    };
    // Follows the attempt's signal without creating it (core's contexts carry a lazy link).
    const unfollow = onAbort(ctx, giveBack);
    let output: StageOutput;
    try {
      output = await next();
    } catch (error) {
      giveBack();
      throw error;
    } finally {
      unfollow();
    }
    if (!pending || output.status === "cancel") {
      giveBack();
      return output;
    }
    let failed: boolean;
    try {
      failed = this.#isFailure(output);
    } catch (thrown) {
      // A throwing isFailure: the attempt counts neither way and fails with an error naming the
      // option, keeping the stage's own error as its cause.
      giveBack();
      const { stageName: stage, attempt } = ctx;
      const option = { owner: "CircuitBreakerInterceptor", option: "isFailure", stage, attempt, thrown };
      return StageOutput.fail(new OptionCallbackError({ ...option, cause: output.error }), output.data);
    }
    pending = false;
    const call = { now: ctx.clock.now(), onTransition, probe: permit.probe };
    if (!failed) {
      this.breaker.recordSuccess(key, call);
      return output;
    }
    this.breaker.recordFailure(key, { ...call, error: output.error });
    return this.#answerFailure(ctx, key, output, call.now);
  }

  /**
   * A failed attempt after which the circuit is open is answered with a `CircuitOpenError` carrying
   * the attempt's own error, so that a retry around the breaker stops now instead of waiting for an
   * attempt the circuit would refuse. Any other output is returned as it is.
   */
  #answerFailure(ctx: InterceptorContext, key: string, output: StageOutput, now: number): StageOutput {
    if (output.status !== "fail" && output.status !== "retry") return output;
    if (this.breaker.stateOf(key) !== CircuitState.OPEN) return output;
    const retryAfterMs = this.breaker.retryAfterMs(key, now);
    if (retryAfterMs === 0) return output;
    const error = new CircuitOpenError(key, ctx.stageName, retryAfterMs, { cause: output.error, ran: true });
    return StageOutput.fail(error, output.data, { artifacts: output.artifacts, events: output.events });
  }
}
