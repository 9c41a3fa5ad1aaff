/**
 * @module A sink that calls a function for each event.
 */
import type { EventSink } from "../events/eventSink.js";
import type { AnyStageflowEvent } from "../events/eventTypes.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";

/**
 * Calls `callback` with every event; an async callback's promise is returned to the executor, which
 * reports a rejection through `onSinkError` without awaiting it.
 * @example
 * ```ts
 * const sink = new CallbackEventSink((e) => console.log(e.type, e.stage ?? ""));
 * ```
 */
export class CallbackEventSink implements EventSink {
  readonly #callback: (event: AnyStageflowEvent) => void | Promise<void>;

  /** @param callback - receives every event */
  constructor(callback: (event: AnyStageflowEvent) => void | Promise<void>) {
    if (typeof callback !== "function") {
      throw new InvalidOptionsError("CallbackEventSink", "expected a callback function (event) => void.");
    }
    this.#callback = callback;
  }

  /** Passes the event to the callback. */
  emit(event: AnyStageflowEvent): void | Promise<void> {
    return this.#callback(event);
  }

  /** Resolves at once: nothing is buffered. */
  async flush(): Promise<void> {}
}
