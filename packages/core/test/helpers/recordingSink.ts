/**
 * @module A real sink that records every event and checks each one's envelope as it arrives.
 */
import type { AnyStageflowEvent, EventSink } from "../../src/index.js";

const STAGE_EVENTS = /^stage\./;

/** Records events in arrival order; `problems` lists every malformed envelope seen. */
export class RecordingSink implements EventSink {
  readonly events: AnyStageflowEvent[] = [];
  readonly problems: string[] = [];

  emit(event: AnyStageflowEvent): void {
    const where = `${event.type}#${this.events.length}`;
    if (typeof event.type !== "string" || event.type === "") this.problems.push(`${where}: no type`);
    if (typeof event.timestamp !== "number" || !Number.isFinite(event.timestamp))
      this.problems.push(`${where}: bad timestamp`);
    if (typeof event.runId !== "string" || event.runId === "") this.problems.push(`${where}: no runId`);
    if (typeof event.pipeline !== "string" || event.pipeline === "")
      this.problems.push(`${where}: no pipeline`);
    if (!("data" in event)) this.problems.push(`${where}: no data`);
    if (STAGE_EVENTS.test(event.type) && typeof event.stage !== "string")
      this.problems.push(`${where}: no stage`);
    if (event.attempt !== undefined && !(Number.isInteger(event.attempt) && event.attempt >= 1)) {
      this.problems.push(`${where}: bad attempt ${String(event.attempt)}`);
    }
    this.events.push(event);
  }

  async flush(): Promise<void> {}

  /** Event types in order, as `type` or `type:stage`. */
  get trace(): string[] {
    return this.events.map((e) => (e.stage === undefined ? e.type : `${e.type}:${e.stage}`));
  }

  /** Events of one type. */
  ofType(type: string): AnyStageflowEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  /** Event types of one stage, in order. */
  forStage(stage: string): string[] {
    return this.events.filter((e) => e.stage === stage).map((e) => e.type);
  }
}
