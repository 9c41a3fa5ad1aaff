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
  readonly onSinkError?: SinkErrorHandler | undefined;
  /** Masks fields of each event's `data` (or rewrites or drops events) before any child sees them. */
  readonly redact?: Redactor | undefined;
}

/**
 * Sends every event to each child sink in order. A child that throws or rejects does not stop the
 * others, and its error is counted in `errorCount`. With an `onSinkError` of its own, the composite
 * reports child errors there and never throws. Without one, it passes them on to whoever called
 * `emit` once every child has the event: it throws (or, when a child is async, rejects) with the
 * error, or an `AggregateError` of all of them, so a run counts it in `result.sinkErrors` and reports
 * it to the run's `onSinkError` as for any other sink.
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

  /**
   * Sends the event to every child.
   * @throws the failing children's error (an `AggregateError` for several) when the composite has no
   *   `onSinkError`; the returned promise rejects with it instead when a child is async
   */
  emit(original: AnyStageflowEvent): void | Promise<void> {
    const event = this.#redact(original);
    if (event === undefined) return;
    if (this.#onSinkError !== undefined) {
      for (const sink of this.#sinks) void deliver(sink, event, this.#onError);
      return;
    }
    const failed: unknown[] = [];
    const collect = this.#collector(failed);
    let pending: Array<Promise<void>> | undefined;
    for (const sink of this.#sinks) {
      const delivery = deliver(sink, event, collect);
      if (delivery !== undefined) (pending ??= []).push(delivery);
    }
    if (pending === undefined) return passOn(failed, event.type);
    return Promise.all(pending).then(() => passOn(failed, event.type));
  }

  /**
   * Flushes every child that can flush. A failing flush goes to `onSinkError`; without one, the
   * returned promise rejects with it once every child has flushed.
   */
  async flush(): Promise<void> {
    const failed: unknown[] = [];
    const report = this.#onSinkError === undefined ? this.#collector(failed) : this.#onError;
    await Promise.all(
      this.#sinks.map(async (sink) => {
        try {
          await sink.flush?.();
        } catch (error) {
          report(error, {
            type: "sink.flush",
            timestamp: Date.now(),
            runId: "",
            pipeline: "",
            data: undefined,
          });
        }
      }),
    );
    passOn(failed, "sink.flush");
  }

  /** Counts each child error and keeps it in `failed`, to be passed on to the caller. */
  #collector(failed: unknown[]): SinkErrorHandler {
    return (error) => {
      this.#errors++;
      failed.push(error);
    };
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

/** Throws the children's error as it is, or all of them in an `AggregateError`; nothing when none failed. */
function passOn(errors: readonly unknown[], type: string): void {
  if (errors.length === 0) return;
  if (errors.length === 1) throw errors[0];
  throw new AggregateError(errors, `${errors.length} sinks of a CompositeEventSink failed on ${type}`);
}
