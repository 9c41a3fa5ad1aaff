/**
 * @module The per-run event emitter: builds envelopes only when a sink listens.
 * @internal
 */
import type { Clock } from "../clock.js";
import type { EventSink, SinkErrorHandler } from "../events/eventSink.js";
import { serializeError, type AnyStageflowEvent, type StageflowEventMap } from "../events/eventTypes.js";
import type { StageOutcome } from "../plugin.js";
import { deliver } from "./deliver.js";

/** Emits a run's events to its sink, counting (never throwing) sink failures. */
export class RunEmitter {
  /** False when there is no sink or the sink discards events: callers skip building data. */
  readonly enabled: boolean;
  /** A view of the sink that never throws, handed to stages as `ctx.eventSink`. */
  readonly safeSink: EventSink;
  /** Sink errors seen in this run. */
  sinkErrors = 0;
  readonly #sink: EventSink | undefined;
  readonly #onSinkError: SinkErrorHandler | undefined;
  readonly #runId: string;
  readonly #pipeline: string;
  readonly #clock: Clock;

  constructor(options: {
    sink: EventSink | undefined;
    onSinkError: SinkErrorHandler | undefined;
    runId: string;
    pipeline: string;
    clock: Clock;
  }) {
    this.#sink = options.sink;
    this.#onSinkError = options.onSinkError;
    this.#runId = options.runId;
    this.#pipeline = options.pipeline;
    this.#clock = options.clock;
    this.enabled =
      options.sink !== undefined && (options.sink as { discardsEvents?: boolean }).discardsEvents !== true;
    this.safeSink = { emit: (event) => this.deliver(event), flush: async () => this.#flush() };
  }

  /** Builds and delivers one event; a no-op when disabled. */
  emit<K extends keyof StageflowEventMap>(
    type: K,
    stage: string | undefined,
    attempt: number | undefined,
    data: StageflowEventMap[K],
  ): void;
  emit(type: string, stage: string | undefined, attempt: number | undefined, data: unknown): void;
  emit(type: string, stage: string | undefined, attempt: number | undefined, data: unknown): void {
    if (!this.enabled) return;
    const timestamp = this.#clock.now();
    const runId = this.#runId;
    const pipeline = this.#pipeline;
    // Each envelope is built whole, in one of three fixed shapes (never grown key by key).
    let event: AnyStageflowEvent;
    if (stage === undefined) {
      event =
        attempt === undefined
          ? { type, timestamp, runId, pipeline, data }
          : { type, timestamp, runId, pipeline, attempt, data };
    } else if (attempt === undefined) event = { type, timestamp, runId, pipeline, stage, data };
    else event = { type, timestamp, runId, pipeline, stage, attempt, data };
    this.deliver(event);
  }

  /** Emits `stage.completed` for a stage that settled `ok` (the common case, with no outcome record). */
  stageCompleted(stage: string, attempts: number, durationMs: number): void {
    if (!this.enabled) return;
    this.emit("stage.completed", stage, attempts === 0 ? undefined : attempts, { durationMs, attempts });
  }

  /** Emits the terminal event of a settled stage: completed, skipped, failed or cancelled. */
  stageSettled(stage: string, o: StageOutcome): void {
    if (!this.enabled) return;
    if (o.status === "ok") return this.stageCompleted(stage, o.attempts, o.durationMs);
    const base = { durationMs: o.durationMs, attempts: o.attempts };
    const attempt = o.attempts === 0 ? undefined : o.attempts;
    if (o.status === "skip") {
      this.emit("stage.skipped", stage, attempt, {
        ...base,
        reason: o.reason ?? "skipped",
        pruned: o.pruned,
      });
    } else if (o.status === "fail") {
      this.emit("stage.failed", stage, attempt, { ...base, error: serializeError(o.error) });
    } else this.emit("stage.cancelled", stage, attempt, { ...base, reason: o.reason ?? "cancelled" });
  }

  /** Delivers a complete event to the sink. */
  deliver(event: AnyStageflowEvent): void {
    if (this.#sink === undefined) return;
    deliver(this.#sink, event, this.#onError);
  }

  readonly #onError = (error: unknown, event: AnyStageflowEvent): void => {
    this.sinkErrors++;
    this.#onSinkError?.(error, event);
  };

  async #flush(): Promise<void> {
    try {
      await this.#sink?.flush?.();
    } catch (error) {
      this.#onError(error, {
        type: "sink.flush",
        timestamp: this.#clock.now(),
        runId: this.#runId,
        pipeline: this.#pipeline,
        data: undefined,
      });
    }
  }
}
