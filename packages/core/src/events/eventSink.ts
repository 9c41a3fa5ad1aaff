/**
 * @module The `EventSink` contract.
 */
import type { AnyStageflowEvent } from "./eventTypes.js";

/**
 * Receives every event of the runs it is given to. `emit` may be sync or async; a sink that throws
 * or rejects never fails a run (its errors go to the run's `onSinkError`). The executor does not
 * await `emit`, so a slow sink never slows a pipeline; buffer and `flush()` instead.
 */
export interface EventSink {
  /** Receives one event. */
  emit(event: AnyStageflowEvent): void | Promise<void>;
  /** Delivers everything buffered; called by the application (e.g. before exit). */
  flush?(): Promise<void>;
}

/** Called when a sink throws or rejects; receives the error and the event it failed on. */
export type SinkErrorHandler = (error: unknown, event: AnyStageflowEvent) => void;
