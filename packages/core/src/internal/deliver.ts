/**
 * @module Delivers one event to a sink without ever throwing into the caller.
 */
import type { EventSink, SinkErrorHandler } from "../events/eventSink.js";
import type { AnyStageflowEvent } from "../events/eventTypes.js";

/**
 * Calls `sink.emit(event)`; a throw or a rejection is passed to `onError` (which itself must not
 * throw; if it does, the error is swallowed so that observability never breaks a run).
 * @returns for an async sink, a promise that settles (never rejects) once its error, if any, was
 *   reported; `undefined` for a sink that returned synchronously
 */
export function deliver(
  sink: EventSink,
  event: AnyStageflowEvent,
  onError: SinkErrorHandler,
): Promise<void> | undefined {
  try {
    const pending = sink.emit(event);
    if (pending !== undefined && typeof pending?.then === "function") {
      return pending.then(undefined, (error: unknown) => report(onError, error, event));
    }
  } catch (error) {
    report(onError, error, event);
  }
  return undefined;
}

function report(onError: SinkErrorHandler, error: unknown, event: AnyStageflowEvent): void {
  try {
    onError(error, event);
  } catch {
    // An error handler that throws has nowhere left to report to.
  }
}
