/**
 * @module The body of `testEventSinkConformance`: a vitest suite for any `EventSink`.
 * @internal
 */
import {
  assertKnownOptions,
  defineStage,
  Pipeline,
  StageOutput,
  type AnyStageflowEvent,
  type EventSink,
} from "@stageflow/core";
import { describe, expect, it } from "vitest";
import type { SinkConformanceOptions, SinkFactory } from "../testEventSinkConformance.js";
// Through the package name, so the ./vitest entry shares the root entry's classes instead of copying them.
import {
  BUILT_IN_EVENT_TYPES,
  createSampleEvents,
  createTestSnapshot,
  FakeClock,
  RecordingEventSink,
} from "@stageflow/testing";

const KEYS = ["name", "lossless", "teardown"] as const;

/** Emits like the executor does (without awaiting), and fails the test if emit throws or rejects. */
async function emitAll(sink: EventSink, events: readonly AnyStageflowEvent[]): Promise<void> {
  const thrown: string[] = [];
  const pending: Array<Promise<void>> = [];
  for (const event of events) {
    try {
      const returned = sink.emit(event);
      if (returned instanceof Promise) {
        pending.push(
          returned.catch(
            (error: unknown) => void thrown.push(`emit("${event.type}") rejected: ${String(error)}`),
          ),
        );
      }
    } catch (error) {
      thrown.push(`emit("${event.type}") threw: ${String(error)}`);
    }
  }
  await Promise.all(pending);
  expect(thrown, "the sink must never throw into or reject at the caller").toEqual([]);
}

async function flushOf(sink: EventSink): Promise<void> {
  if (sink.flush !== undefined) await sink.flush();
}

function byRun(events: readonly AnyStageflowEvent[]): Map<string, AnyStageflowEvent[]> {
  const runs = new Map<string, AnyStageflowEvent[]>();
  for (const event of events) {
    const list = runs.get(event.runId) ?? [];
    list.push(event);
    runs.set(event.runId, list);
  }
  return runs;
}

/** Index of each delivered event in `sent` (matching by deep equality, in order); -1 when not found. */
function positions(sent: readonly AnyStageflowEvent[], delivered: readonly AnyStageflowEvent[]): number[] {
  const out: number[] = [];
  let from = 0;
  for (const event of delivered) {
    let found = -1;
    for (let i = from; i < sent.length; i++) {
      if (JSON.stringify(sent[i]) === JSON.stringify(event)) {
        found = i;
        break;
      }
    }
    out.push(found);
    if (found >= 0) from = found + 1;
  }
  return out;
}

/** Asserts what reached `received` against what was emitted, per run. */
function expectDelivered(
  sent: readonly AnyStageflowEvent[],
  received: readonly AnyStageflowEvent[],
  lossless: boolean,
): void {
  const sentRuns = byRun(sent);
  for (const [runId, delivered] of byRun(received)) {
    const expected = sentRuns.get(runId) ?? [];
    if (lossless) {
      expect(delivered, `events of run ${runId} as delivered`).toEqual(expected);
    } else {
      expect(
        positions(expected, delivered),
        `events of run ${runId} must be emitted ones, unchanged, in order`,
      ).not.toContain(-1);
    }
  }
  if (lossless) expect(received).toHaveLength(sent.length);
}

/**
 * Declares the conformance suite (see `testEventSinkConformance` in `@stageflow/testing/vitest`).
 * @param makeSink - builds a fresh sink for each test
 * @param options - title, losslessness, teardown
 */
export function defineSinkConformance(makeSink: SinkFactory, options: SinkConformanceOptions = {}): void {
  assertKnownOptions("testEventSinkConformance", options, KEYS);
  const lossless = options.lossless ?? true;

  async function withSink(
    test: (sink: EventSink, received: AnyStageflowEvent[]) => Promise<void>,
  ): Promise<void> {
    const received: AnyStageflowEvent[] = [];
    const sink = await makeSink((event) => received.push(event));
    try {
      await test(sink, received);
    } finally {
      await options.teardown?.(sink);
    }
  }

  describe(options.name ?? "EventSink conformance", () => {
    it(`accepts every built-in event type (${BUILT_IN_EVENT_TYPES.length} types) without throwing or rejecting`, () =>
      withSink(async (sink, received) => {
        const events = createSampleEvents({ runId: "conformance-all-types" });
        await emitAll(sink, events);
        await flushOf(sink);
        expectDelivered(events, received, lossless);
      }));

    it("accepts custom event types, stage and attempt fields, and data of any shape", () =>
      withSink(async (sink, received) => {
        const base = { runId: "conformance-custom", pipeline: "p", timestamp: 1 };
        const events: AnyStageflowEvent[] = [
          { ...base, type: "app.no_data", data: undefined },
          { ...base, type: "app.null_data", data: null },
          {
            ...base,
            type: "app.nested",
            stage: "s",
            attempt: 3,
            data: { a: [1, { b: "c" }], unicode: "héllo ✓" },
          },
          { ...base, type: "app.string", data: "text" },
        ];
        await emitAll(sink, events);
        await flushOf(sink);
        expectDelivered(events, received, lossless);
      }));

    it("preserves the order of each run's events when runs interleave", () =>
      withSink(async (sink, received) => {
        const runs = ["run-a", "run-b", "run-c"].map((runId) =>
          Array.from({ length: 4 }, (_, round) =>
            createSampleEvents({ runId, startTime: round * 100 }),
          ).flat(),
        );
        const interleaved: AnyStageflowEvent[] = [];
        for (let i = 0; i < (runs[0] as AnyStageflowEvent[]).length; i++)
          for (const run of runs) interleaved.push(run[i] as AnyStageflowEvent);
        await emitAll(sink, interleaved);
        await flushOf(sink);
        expectDelivered(interleaved, received, lossless);
      }));

    it("flush resolves when idle, when called concurrently, and again after more events", () =>
      withSink(async (sink, received) => {
        await flushOf(sink);
        const first = createSampleEvents({ runId: "conformance-flush-1" });
        await emitAll(sink, first);
        await Promise.all([flushOf(sink), flushOf(sink)]);
        const second = createSampleEvents({ runId: "conformance-flush-2" });
        await emitAll(sink, second);
        await flushOf(sink);
        expectDelivered([...first, ...second], received, lossless);
      }));

    it("never throws into a real run: the executor records no sink error", () =>
      withSink(async (sink, received) => {
        const reference = new RecordingEventSink();
        const errors: unknown[] = [];
        const tee: EventSink = {
          emit: (event) => {
            reference.emit(event);
            return sink.emit(event);
          },
        };
        const fetch = defineStage({
          name: "fetch",
          execute: (ctx) => ctx.emit("fetch.progress", { pct: 50 }),
        });
        const guard = defineStage({ name: "guard", execute: () => StageOutput.skip("nothing to guard") });
        const broken = defineStage({ name: "broken", execute: () => StageOutput.fail(new Error("boom")) });
        const graph = new Pipeline("conformance")
          .withStage(fetch)
          .withStage(guard, { dependsOn: [fetch] })
          .withStage(broken, { dependsOn: [guard] })
          .build();
        const clock = new FakeClock();
        const running = graph.run(createTestSnapshot(), {
          eventSink: tee,
          clock,
          onSinkError: (error) => errors.push(error),
        });
        await clock.runAll();
        const result = await running;
        await flushOf(sink);
        expect(result.status).toBe("failed");
        expect(errors).toEqual([]);
        expect(result.sinkErrors).toBe(0);
        reference.assertWellFormed();
        expectDelivered(reference.events, received, lossless);
      }));
  });
}
