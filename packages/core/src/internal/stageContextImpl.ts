/**
 * @module The executor's `StageContext` implementation.
 * @internal
 */
import { AbortLink, CONTEXT_LINK } from "../abortLink.js";
import type { ContextKey, StageAttempt } from "../context/contextKey.js";
import type { Clock, RandomSource } from "../clock.js";
import { StageInputs } from "../context/stageInputs.js";
import type { InterceptorContext } from "../interceptor.js";
import type { AnyStage } from "../stage.js";
import type { StageOutput } from "../stageOutput.js";
import { MissingContextValueError } from "../errors/missingContextValueError.js";
import type { EventSink } from "../events/eventSink.js";
import type { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { StageContext } from "../stageContext.js";
import type { StageKind } from "../stageKind.js";
import type { RunEmitter } from "./emitter.js";
import { assertEmittable } from "./eventNames.js";

/** Run-wide things every context of a run shares. */
export interface ContextHost {
  /** The run's signal, or the link that creates it on first read. */
  readonly signalSource: SignalSource;
  readonly snapshot: ContextSnapshot<unknown>;
  readonly runId: string;
  readonly pipeline: string;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly emitter: RunEmitter;
  readonly values: Map<symbol, unknown>;
  readonly outputs: ReadonlyArray<StageOutput | undefined>;
  /** Aborted once the run has ended (every stage settled); absent for a context built by hand. */
  readonly runEnd?: AbortLink;
}

/** A signal, or an `AbortLink` whose signal is created only when read. */
export type SignalSource = AbortSignal | AbortLink;

/** Stage-wide things every attempt context of a stage shares. */
export interface ContextStage {
  readonly name: string;
  readonly kind: StageKind;
  readonly stage: AnyStage;
  readonly depNames: readonly string[];
  readonly depIndex: ReadonlyMap<string, number> | undefined;
  readonly deps: readonly number[];
}

/** One attempt's context; cheap to build (inputs are created on first read). */
export class StageContextImpl implements StageContext, InterceptorContext {
  readonly #host: ContextHost;
  readonly #stage: ContextStage;
  #inputs: StageInputs | undefined;
  readonly attempt: number;
  /** Where the attempt's signal comes from: an interceptor's signal or link, or the run's. */
  readonly #source: SignalSource;
  /**
   * The attempt's views of context keys (`key.forStage`), by key id; or the attempt's first context,
   * which holds them, when this one was derived from it for the same attempt.
   */
  #views: Map<symbol, unknown> | StageContextImpl | undefined;

  /**
   * @param source - the attempt's signal (or link) when an interceptor gave it one; omit for the run's
   */
  constructor(host: ContextHost, stage: ContextStage, attempt: number, source?: SignalSource) {
    this.#host = host;
    this.#stage = stage;
    this.attempt = attempt;
    this.#source = source ?? host.signalSource;
  }

  /** The attempt's signal; a link's is created only now, when something reads it. */
  get signal(): AbortSignal {
    const source = this.#source;
    return source instanceof AbortLink ? source.signal : source;
  }

  /** The link behind this context's signal, so links can follow it without creating the signal. */
  get [CONTEXT_LINK](): AbortLink | undefined {
    const source = this.#source;
    return source instanceof AbortLink ? source : undefined;
  }

  /**
   * Aborted once the run has ended; `undefined` for a context built by hand. Core's own interceptors
   * follow it so that nothing they schedule outlives the run.
   * @internal
   */
  get runEnd(): AbortLink | undefined {
    return this.#host.runEnd;
  }

  get snapshot(): ContextSnapshot<unknown> {
    return this.#host.snapshot;
  }
  get inputs(): StageInputs {
    const stage = this.#stage;
    return (this.#inputs ??= new StageInputs(stage.name, stage, this.#host.outputs));
  }
  get stageName(): string {
    return this.#stage.name;
  }
  get stageKind(): StageKind {
    return this.#stage.kind;
  }
  get stage(): AnyStage {
    return this.#stage.stage;
  }
  get random(): RandomSource {
    return this.#host.random;
  }
  get eventSink(): EventSink {
    return this.#host.emitter.safeSink;
  }
  get clock(): Clock {
    return this.#host.clock;
  }
  get runId(): string {
    return this.#host.runId;
  }
  get pipeline(): string {
    return this.#host.pipeline;
  }

  emit(type: string, data?: unknown): void {
    assertEmittable("ctx.emit", type, type);
    this.#host.emitter.emit(type, this.#stage.name, this.attempt, data ?? {});
  }

  recordStageEvent(status: string, data?: unknown): void {
    const type = `stage.${status}`;
    assertEmittable("ctx.recordStageEvent", type, status);
    this.#host.emitter.emit(type, this.#stage.name, this.attempt, data ?? {});
  }

  get<T>(key: ContextKey<T>): T {
    const values = this.#host.values;
    let value: T;
    if (values.has(key.id)) value = values.get(key.id) as T;
    else if (key.defaultValue !== undefined) {
      // The default is created once per run, so every stage of the run shares it.
      value = key.defaultValue();
      values.set(key.id, value);
    } else throw new MissingContextValueError(this.#stage.name, key.name);
    // Most keys have no per-stage view: one property read, nothing allocated.
    const forStage = key.forStage;
    return forStage === undefined ? value : this.#viewOf(key.id, value, forStage);
  }

  /** The attempt's view of a key's value, made on its first read and kept for the attempt. */
  #viewOf<T>(id: symbol, value: T, forStage: (value: T, stage: StageAttempt) => T): T {
    // The attempt's first context holds the map (never a context); contexts derived from it point at it.
    const holder = this.#views instanceof StageContextImpl ? this.#views : this;
    let views = holder.#views as Map<symbol, unknown> | undefined;
    if (views === undefined) holder.#views = views = new Map<symbol, unknown>();
    if (views.has(id)) return views.get(id) as T;
    const stage = this.#stage;
    const attempt: StageAttempt = Object.freeze({
      name: stage.name,
      kind: stage.kind,
      attempt: this.attempt,
    });
    const view = forStage(value, attempt);
    views.set(id, view);
    return view;
  }

  /**
   * A context for the inner layers of an interceptor, with another attempt number or signal.
   * @param source - their signal or link; omit to keep this context's
   */
  derive(attempt: number, source?: SignalSource): StageContextImpl {
    const derived = new StageContextImpl(this.#host, this.#stage, attempt, source ?? this.#source);
    derived.#inputs = this.#inputs;
    // Another signal for the same attempt (a timeout's) keeps the attempt's views.
    if (attempt === this.attempt) derived.#views = this.#views ?? this;
    return derived;
  }
}
