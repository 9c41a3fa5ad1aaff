/**
 * @module Checks the event types a stage (or an interceptor, through its context) emits itself.
 * @internal
 */
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import type { LifecycleEventType } from "../events/eventTypes.js";
import { toText } from "./inspect.js";

/**
 * The lifecycle events the executor reports itself: emitting one from a stage would give a stage
 * two terminal events, or a run two ends.
 */
const LIFECYCLE_TYPES: Readonly<Record<LifecycleEventType, true>> = {
  "pipeline.started": true,
  "pipeline.completed": true,
  "pipeline.failed": true,
  "pipeline.cancelled": true,
  "stage.started": true,
  "stage.completed": true,
  "stage.skipped": true,
  "stage.failed": true,
  "stage.cancelled": true,
};

const LIFECYCLE: ReadonlySet<string> = new Set(Object.keys(LIFECYCLE_TYPES));

/** Dotted words with no spaces: `progress`, `tool.call`, `retrieval.cache_hit`. */
const WELL_FORMED = /^[^\s.]+(\.[^\s.]+)*$/;

/**
 * Throws {@link InvalidOptionsError} for an event type a stage may not emit: empty or malformed, or
 * one of the executor's lifecycle events.
 * @param where - the call, for the message (`ctx.emit`, `ctx.recordStageEvent`, a plugin's `run.emit`)
 * @param type - the full event type
 * @param given - what the caller passed (the status, for `recordStageEvent`)
 */
export function assertEmittable(where: string, type: string, given: string): void {
  if (typeof given !== "string" || !WELL_FORMED.test(given)) {
    throw new InvalidOptionsError(
      where,
      `${typeof given === "string" ? JSON.stringify(given) : toText(given)} is not an event name: use dotted words without spaces, such as "progress" or "tool.call".`,
    );
  }
  if (LIFECYCLE.has(type)) {
    throw new InvalidOptionsError(
      where,
      `"${type}" is a lifecycle event the executor emits itself, once per ${type.startsWith("stage.") ? "stage" : "run"}; ` +
        `emit a name of your own, such as "stage.progress".`,
    );
  }
}
