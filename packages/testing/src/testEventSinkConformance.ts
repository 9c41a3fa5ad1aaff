/**
 * @module `testEventSinkConformance`: checks a custom `EventSink` against the sink contract under vitest.
 */
import type { AnyStageflowEvent, EventSink } from "@stageflow/core";
import { defineSinkConformance } from "./internal/sinkConformance.js";

/**
 * Builds the sink under test for one test of the suite.
 * @param received - where the sink should deliver events, if it forwards them anywhere
 * @returns the sink (or a promise of it)
 */
export type SinkFactory = (received: (event: AnyStageflowEvent) => void) => EventSink | Promise<EventSink>;

/** Options of {@link testEventSinkConformance}. */
export interface SinkConformanceOptions {
  /**
   * Title of the `describe` block.
   * @defaultValue `"EventSink conformance"`
   */
  readonly name?: string | undefined;
  /**
   * Whether every emitted event must reach `received` (exactly once, unchanged, in per-run order)
   * once `flush()` resolves. Set to `false` for sinks that discard or sample events by design; their
   * deliveries must still be unchanged, never duplicated and in per-run order.
   * @defaultValue true
   */
  readonly lossless?: boolean | undefined;
  /** Called after each test with the sink, e.g. to close a connection. */
  readonly teardown?: ((sink: EventSink) => void | Promise<void>) | undefined;
}

/**
 * Declares a vitest `describe` block that checks an {@link EventSink} against the contract the
 * executor relies on. Call it at the top level of a test file. Each test builds a fresh sink with
 * `makeSink(received)`; a sink that forwards events somewhere should forward them to `received`
 * (a logger that records into it, a target sink wrapping it, …). The suite checks that the sink:
 * accepts one event of every built-in type and custom events of any shape without throwing or
 * rejecting; delivers them unchanged and in order per run, also when runs interleave; has a `flush`
 * that resolves when idle, concurrently and repeatedly; and, plugged into a real run, causes no
 * sink error. With `lossless: false` (for sinks that discard or sample by design), delivered events
 * must still be unchanged, unique and in order, but may be fewer.
 * @param makeSink - builds the sink under test, given where it should deliver events
 * @param options - `name` of the block, `lossless`, `teardown`
 * @throws `InvalidOptionsError` for an unknown option
 * @example
 * ```ts
 * import { testEventSinkConformance } from "@stageflow/testing/vitest";
 *
 * testEventSinkConformance((received) => new MyHttpSink({ send: async (batch) => batch.forEach(received) }), {
 *   name: "MyHttpSink",
 *   teardown: (sink) => (sink as MyHttpSink).close(),
 * });
 * ```
 */
export function testEventSinkConformance(makeSink: SinkFactory, options?: SinkConformanceOptions): void {
  defineSinkConformance(makeSink, options);
}
