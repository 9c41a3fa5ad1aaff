/**
 * @module A sink that calls a function for each event.
 */
import type { EventSink } from "../events/eventSink.js";
import type { AnyStageflowEvent } from "../events/eventTypes.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { createRedactor, type Redactor } from "../events/redact.js";
import { assertKnownOptions } from "../options.js";

/** Options of {@link CallbackEventSink}. */
export interface CallbackEventSinkOptions {
  /** Masks fields of each event's `data` (or rewrites or drops events) before the callback sees them. */
  readonly redact?: Redactor | undefined;
}

const IGNORE_VALUE = (): void => undefined;

/**
 * Calls `callback` with every event; an async callback's promise is returned to the executor, which
 * reports a rejection through `onSinkError` without awaiting it. Whatever else the callback returns
 * is ignored, so `(e) => events.push(e)` is a valid callback.
 * @example
 * ```ts
 * const sink = new CallbackEventSink((e) => console.log(e.type, e.stage ?? ""));
 * ```
 */
export class CallbackEventSink implements EventSink {
  readonly #callback: (event: AnyStageflowEvent) => unknown;
  readonly #redact: (event: AnyStageflowEvent) => AnyStageflowEvent | undefined;

  /**
   * @param callback - receives every event
   * @param options - optional `redact`
   */
  constructor(callback: (event: AnyStageflowEvent) => unknown, options: CallbackEventSinkOptions = {}) {
    assertKnownOptions("CallbackEventSink", options, ["redact"]);
    this.#redact = createRedactor(options.redact, "CallbackEventSink");
    if (typeof callback !== "function") {
      throw new InvalidOptionsError("CallbackEventSink", "expected a callback function (event) => void.");
    }
    this.#callback = callback;
  }

  /** Passes the event to the callback. */
  emit(event: AnyStageflowEvent): void | Promise<void> {
    const delivered = this.#redact(event);
    if (delivered === undefined) return undefined;
    const returned = this.#callback(delivered);
    // A promise (or any thenable) is handed on, settling with nothing; any other value is dropped.
    if (typeof (returned as PromiseLike<unknown> | null)?.then !== "function") return undefined;
    return Promise.resolve(returned).then(IGNORE_VALUE);
  }

  /** Resolves at once: nothing is buffered. */
  async flush(): Promise<void> {}
}
