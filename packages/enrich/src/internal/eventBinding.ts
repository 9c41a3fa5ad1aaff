/**
 * @module Sends enrich events to a sink with a complete envelope, from a run or standalone.
 * @internal
 */
import { systemClock, type Clock, type EventSink } from "@stageflow/core";

/** Where events of a budget or tracker go. */
export interface EventBindingOptions {
  readonly eventSink?: EventSink | undefined;
  readonly clock?: Clock | undefined;
  readonly runId?: string | undefined;
  readonly pipeline?: string | undefined;
}

/** Builds envelopes and delivers them; a sink that throws or rejects never breaks the caller. */
export class EventBinding {
  readonly clock: Clock;
  readonly #sink: EventSink | undefined;
  readonly #runId: string;
  readonly #pipeline: string;

  constructor(options: EventBindingOptions) {
    this.#sink = options.eventSink;
    this.clock = options.clock ?? systemClock;
    this.#runId = options.runId ?? "standalone";
    this.#pipeline = options.pipeline ?? "standalone";
  }

  /**
   * @param stage - the stage the event concerns, if known
   * @param attempt - that stage's attempt, if known (ignored without a stage)
   */
  emit(type: string, data: object, stage?: string, attempt?: number): void {
    const sink = this.#sink;
    if (sink === undefined) return;
    const event = { type, timestamp: this.clock.now(), runId: this.#runId, pipeline: this.#pipeline, data };
    const about =
      stage === undefined
        ? event
        : attempt === undefined
          ? { ...event, stage }
          : { ...event, stage, attempt };
    try {
      const pending = sink.emit(about);
      if (pending !== undefined) pending.catch(() => undefined);
    } catch {
      // Observability must never break the work it observes; run-bound sinks count their own errors.
    }
  }
}
