/**
 * @module Error raised when a `RecordingEventSink` receives an event that breaks the envelope contract.
 */
import { StageflowError } from "@stageflow/core";

/**
 * Thrown (and recorded) by `RecordingEventSink.emit` for an event missing `type`, `runId`,
 * `timestamp`, `pipeline` or `data`, or with a field of the wrong type.
 */
export class MalformedEventError extends StageflowError {
  /** The offending value, as received. */
  readonly event: unknown;
  /** Every problem found, e.g. `"runId must be a non-empty string (got undefined)"`. */
  readonly problems: readonly string[];

  /**
   * @param event - the value the sink received
   * @param problems - what is wrong with it
   */
  constructor(event: unknown, problems: readonly string[]) {
    const type = typeof event === "object" && event !== null ? (event as { type?: unknown }).type : undefined;
    super(
      "MALFORMED_EVENT",
      `RecordingEventSink received a malformed event${typeof type === "string" ? ` "${type}"` : ""}: ${problems.join("; ")}.`,
    );
    this.name = "MalformedEventError";
    this.event = event;
    this.problems = Object.freeze([...problems]);
  }
}
