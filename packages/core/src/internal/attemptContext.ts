/**
 * @module The context of an attempt whose signal belongs to an `AbortLink`, created only if read.
 * @internal
 */
import { CONTEXT_LINK, linkOfOverrides, type AbortLink } from "../abortLink.js";
import type { Clock, RandomSource } from "../clock.js";
import type { ContextKey } from "../context/contextKey.js";
import type { StageInputs } from "../context/stageInputs.js";
import type { EventSink } from "../events/eventSink.js";
import type { InterceptorContext, NextOverrides } from "../interceptor.js";
import type { ContextSnapshot } from "../snapshot/contextSnapshot.js";
import type { AnyStage } from "../stage.js";
import type { StageKind } from "../stageKind.js";
import type { StageContextImpl } from "./stageContextImpl.js";

/**
 * An attempt context whose `signal` is its link's, so that an interceptor handing a link to the
 * inner layers costs no `AbortSignal` unless the stage (or a layer) reads it. Everything else is
 * the underlying context's, which carries the right attempt number.
 */
export class LinkedContext implements InterceptorContext {
  readonly #base: StageContextImpl;
  readonly #link: AbortLink;

  constructor(base: StageContextImpl, link: AbortLink) {
    this.#base = base;
    this.#link = link;
  }

  /** The link, for `AbortLink.of` and for links following this context. */
  get [CONTEXT_LINK](): AbortLink {
    return this.#link;
  }
  /** The executor's context this one shares everything but its signal with. */
  get base(): StageContextImpl {
    return this.#base;
  }
  get signal(): AbortSignal {
    return this.#link.signal;
  }
  get attempt(): number {
    return this.#base.attempt;
  }
  get snapshot(): ContextSnapshot<unknown> {
    return this.#base.snapshot;
  }
  get inputs(): StageInputs {
    return this.#base.inputs;
  }
  get stageName(): string {
    return this.#base.stageName;
  }
  get stageKind(): StageKind {
    return this.#base.stageKind;
  }
  get stage(): AnyStage {
    return this.#base.stage;
  }
  get random(): RandomSource {
    return this.#base.random;
  }
  get eventSink(): EventSink {
    return this.#base.eventSink;
  }
  get clock(): Clock {
    return this.#base.clock;
  }
  get runId(): string {
    return this.#base.runId;
  }
  get pipeline(): string {
    return this.#base.pipeline;
  }
  emit(type: string, data?: unknown): void {
    this.#base.emit(type, data);
  }
  recordStageEvent(status: string, data?: unknown): void {
    this.#base.recordStageEvent(status, data);
  }
  get<T>(key: ContextKey<T>): T {
    return this.#base.get(key);
  }
}

/** A context the executor runs an attempt with. */
export type AttemptContext = StageContextImpl | LinkedContext;

/** The context the inner layers see after `next(overrides)`. */
export function deriveContext(ctx: AttemptContext, overrides: NextOverrides): AttemptContext {
  const base = ctx instanceof LinkedContext ? ctx.base : ctx;
  const attempt = overrides.attempt ?? ctx.attempt;
  const link = linkOfOverrides(overrides);
  if (link !== undefined) {
    // The signal handed to `derive` is never seen: the link's replaces it.
    return new LinkedContext(attempt === base.attempt ? base : base.derive(attempt, base.signal), link);
  }
  return base.derive(attempt, overrides.signal ?? ctx.signal);
}
