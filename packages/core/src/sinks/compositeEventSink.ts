/**
 * @module A sink that fans every event out to several sinks.
 */
import type { EventSink, SinkErrorHandler } from "../events/eventSink.js";
import type { AnyStageflowEvent } from "../events/eventTypes.js";
import { createRedactor, type Redactor } from "../events/redact.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { deliver } from "../internal/deliver.js";
import { assertKnownOptions } from "../options.js";

/** Options of {@link CompositeEventSink}. */
export interface CompositeEventSinkOptions {
  /** Called when one of the child sinks throws or rejects; the other sinks still get the event. */
  readonly onSinkError?: SinkErrorHandler;
  /** Masks fields of each event's `data` (or rewrites or drops events) before any child sees them. */
  readonly redact?: Redactor;
}

/**
 * Sends every event to each child sink in order. A child that throws or rejects does not stop the
 * others; its error goes to `onSinkError` and is counted in `errorCount`.
 */
export class CompositeEventSink implements EventSink {
  readonly #sinks: readonly EventSink[];
  readonly #onSinkError: SinkErrorHandler | undefined;
  readonly #redact: (event: AnyStageflowEvent) => AnyStageflowEvent | undefined;
  #errors = 0;

  /**
   * @param sinks - the child sinks
   * @param options - optional `onSinkError`
   */
  constructor(sinks: readonly EventSink[], options: CompositeEventSinkOptions = {}) {
    if (
      !Array.isArray(sinks) ||
      sinks.some((s) => typeof (s as Partial<EventSink> | null)?.emit !== "function")
    ) {
      throw new InvalidOptionsError(
        "CompositeEventSink",
        "expected an array of sinks, each with an emit(event) method.",
      );
    }
    assertKnownOptions("CompositeEventSink", options, ["onSinkError", "redact"]);
    this.#redact = createRedactor(options.redact, "CompositeEventSink");
    this.#sinks = [...(sinks as readonly EventSink[])];
    this.#onSinkError = options.onSinkError;
  }

  /** Errors raised by child sinks so far. */
  get errorCount(): number {
    return this.#errors;
  }

  /** Sends the event to every child. */
  emit(original: AnyStageflowEvent): void {
    const event = this.#redact(original);
    if (event === undefined) return;
    for (const sink of this.#sinks) deliver(sink, event, this.#onError);
  }

  /** Flushes every child that can flush; a failing flush is reported, not thrown. */
  async flush(): Promise<void> {
    await Promise.all(
      this.#sinks.map(async (sink) => {
        try {
          await sink.flush?.();
        } catch (error) {
          this.#onError(error, {
            type: "sink.flush",
            timestamp: Date.now(),
            runId: "",
            pipeline: "",
            data: undefined,
          });
        }
      }),
    );
  }

  readonly #onError = (error: unknown, event: AnyStageflowEvent): void => {
    this.#errors++;
    try {
      this.#onSinkError?.(error, event);
    } catch {
      // A failing handler must not keep the other sinks from getting the event.
    }
  };
}
