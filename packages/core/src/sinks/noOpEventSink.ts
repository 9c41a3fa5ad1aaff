/**
 * @module A sink that discards everything.
 */
import type { EventSink } from "../events/eventSink.js";

/**
 * Discards every event. A run whose sink is a `NoOpEventSink` (the default) does not even build
 * event objects, so observability costs nothing when it is off.
 */
export class NoOpEventSink implements EventSink {
  /** Marks sinks the executor may skip entirely. */
  readonly discardsEvents = true;
  /** Does nothing. */
  emit(): void {}
  /** Resolves at once. */
  async flush(): Promise<void> {}
}
