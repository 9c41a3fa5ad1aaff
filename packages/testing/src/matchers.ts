/**
 * @module Vitest matchers over recorded events: `toHaveEmitted`, `toHaveEmittedTimes`, `toHaveEmittedInOrder`.
 */
import type { AnyStageflowEvent, StageflowEventMap, StageflowEventType } from "@stageflow/core";
import type { MatcherState } from "vitest";
import type { RecordingEventSink } from "@stageflow/testing";

/** What a matcher returns to vitest. */
interface MatcherOutcome {
  readonly pass: boolean;
  readonly message: () => string;
  readonly actual?: unknown;
  readonly expected?: unknown;
}

/** Deeply partial: nested objects need only the listed fields. */
type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * What an event must look like: any envelope field (`stage`, `attempt`, `runId`, `pipeline`) and a
 * deeply partial `data`. Values may be asymmetric matchers (`expect.any(Number)`).
 */
export type EventExpectation<K extends string = string> = {
  readonly stage?: string | undefined;
  readonly attempt?: number | undefined;
  readonly runId?: string;
  readonly pipeline?: string;
  readonly timestamp?: number;
  readonly data?: K extends StageflowEventType ? DeepPartial<StageflowEventMap[K]> : unknown;
};

/** The matchers added by {@link stageflowMatchers}, as they appear on `expect(value)`. */
export interface StageflowMatchers<R = unknown> {
  /**
   * Passes when a `RecordingEventSink` (or an array of events) holds an event of `type` matching `expected`.
   * @param type - the event type
   * @param expected - envelope fields and a partial `data`
   */
  toHaveEmitted<K extends string>(type: K, expected?: EventExpectation<K>): R;
  /**
   * Passes when exactly `times` events of `type` match `expected`.
   * @param type - the event type
   * @param times - the exact count
   * @param expected - envelope fields and a partial `data`
   */
  toHaveEmittedTimes<K extends string>(type: K, times: number, expected?: EventExpectation<K>): R;
  /**
   * Passes when events of these types appear in this order (other events may come between them).
   * @param types - event types, e.g. `["stage.started", "stage.retry_scheduled", "stage.completed"]`
   */
  toHaveEmittedInOrder(types: readonly string[]): R;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Partial deep match: every field of `expected` must match; plain objects recurse, the rest use `equals`. */
function matches(state: MatcherState, actual: unknown, expected: unknown): boolean {
  if (isPlainObject(expected) && isPlainObject(actual)) {
    return Object.keys(expected).every((key) => key in actual && matches(state, actual[key], expected[key]));
  }
  return state.equals(actual, expected);
}

/** Recognises a `RecordingEventSink` by shape, so any installed copy of this package works. */
function isRecordingSink(value: unknown): value is RecordingEventSink {
  const v = value as Partial<RecordingEventSink> | null;
  return (
    typeof v === "object" && v !== null && typeof v.assertWellFormed === "function" && Array.isArray(v.events)
  );
}

/** Reads events from a sink or an array; fails on anything else or on malformed events. */
function eventsOf(received: unknown, matcher: string): readonly AnyStageflowEvent[] {
  if (isRecordingSink(received)) {
    received.assertWellFormed();
    return received.events;
  }
  if (Array.isArray(received)) return received as AnyStageflowEvent[];
  const events = (received as { events?: unknown } | null)?.events;
  if (Array.isArray(events)) return events as AnyStageflowEvent[];
  throw new TypeError(
    `${matcher} expects a RecordingEventSink, an array of events or an object with an events array.`,
  );
}

function describeEvents(events: readonly AnyStageflowEvent[]): string {
  if (events.length === 0) return "no events";
  const lines = events
    .slice(0, 40)
    .map((e) => `  ${e.type}${e.stage === undefined ? "" : ` [${e.stage}]`} ${JSON.stringify(e.data)}`);
  if (events.length > 40) lines.push(`  … and ${events.length - 40} more`);
  return `events received:\n${lines.join("\n")}`;
}

function count(
  state: MatcherState,
  events: readonly AnyStageflowEvent[],
  type: string,
  expected: unknown,
): number {
  return events.filter((e) => e.type === type && (expected === undefined || matches(state, e, expected)))
    .length;
}

const label = (type: string, expected: unknown): string =>
  expected === undefined ? `"${type}"` : `"${type}" matching ${JSON.stringify(expected)}`;

/**
 * The matchers, for `expect.extend(stageflowMatchers)` (e.g. in a vitest setup file). A
 * `RecordingEventSink` that received a malformed event fails every matcher with the event's problems.
 * @example
 * ```ts
 * import { expect } from "vitest";
 * import { stageflowMatchers } from "@stageflow/testing/vitest";
 * expect.extend(stageflowMatchers);
 *
 * expect(sink).toHaveEmitted("stage.completed", { stage: "llm" });
 * expect(sink).toHaveEmittedTimes("stage.retry_scheduled", 2, { data: { backoff: "exponential" } });
 * ```
 */
export const stageflowMatchers = {
  toHaveEmitted(this: MatcherState, received: unknown, type: string, expected?: unknown): MatcherOutcome {
    const events = eventsOf(received, "toHaveEmitted");
    const pass = count(this, events, type, expected) > 0;
    return {
      pass,
      message: () =>
        pass
          ? `expected no event ${label(type, expected)}, but one was emitted`
          : `expected an event ${label(type, expected)}; ${describeEvents(events)}`,
    };
  },
  toHaveEmittedTimes(
    this: MatcherState,
    received: unknown,
    type: string,
    ...[times, expected]: [times: number, expected?: unknown]
  ): MatcherOutcome {
    const events = eventsOf(received, "toHaveEmittedTimes");
    const actual = count(this, events, type, expected);
    return {
      pass: actual === times,
      message: () =>
        `expected ${this.isNot ? "not " : ""}${times} event(s) ${label(type, expected)}, got ${actual}; ${describeEvents(events)}`,
      actual,
      expected: times,
    };
  },
  toHaveEmittedInOrder(this: MatcherState, received: unknown, types: readonly string[]): MatcherOutcome {
    const events = eventsOf(received, "toHaveEmittedInOrder");
    let next = 0;
    for (const event of events) if (next < types.length && event.type === types[next]) next++;
    const pass = next === types.length;
    return {
      pass,
      message: () =>
        pass
          ? `expected the events not to appear in the order ${JSON.stringify(types)}`
          : `expected events in the order ${JSON.stringify(types)}; found up to ${JSON.stringify(types.slice(0, next))}, then no "${String(types[next])}"; ${describeEvents(events)}`,
    };
  },
};

declare module "vitest" {
  // Must mirror vitest's own declaration (`Matchers<T = any>`) for the merge to apply.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends StageflowMatchers<T> {}
}
