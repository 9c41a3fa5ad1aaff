import { describe, expect, it } from "vitest";
import { BufferedEventSink, InvalidOptionsError, type AnyStageflowEvent } from "../../src/index.js";
import { deferred } from "../helpers/deferred.js";
import { RecordingSink } from "../helpers/recordingSink.js";
import { event } from "./sinks.helpers.js";

const numbers = (events: readonly AnyStageflowEvent[]): number[] =>
  events.map((e) => (e.data as { n: number }).n);

describe("BufferedEventSink", () => {
  it("delivers every event in order, one at a time, and flush waits for all of them", async () => {
    const target = new RecordingSink();
    let active = 0;
    let maxActive = 0;
    const slowTarget = {
      emit: async (e: AnyStageflowEvent) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await Promise.resolve();
        target.emit(e);
        active--;
      },
    };
    const sink = new BufferedEventSink({ target: slowTarget, capacity: 100 });
    for (let n = 0; n < 50; n++) sink.emit(event("e", n));
    expect(sink.size).toBe(50);
    await sink.flush();
    expect(numbers(target.events)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(maxActive).toBe(1);
    expect(sink.size).toBe(0);
    expect(sink.deliveredCount).toBe(50);
    expect(sink.droppedCount).toBe(0);
  });

  it("never makes the emitter wait for a slow target", () => {
    const never = deferred();
    const sink = new BufferedEventSink({ target: { emit: () => never.promise } });
    expect(sink.emit(event("e"))).toBeUndefined();
  });

  it("drops the oldest queued events when full under drop_oldest, counting each drop", async () => {
    const target = new RecordingSink();
    const sink = new BufferedEventSink({ target, capacity: 3, dropPolicy: "drop_oldest" });
    for (let n = 0; n < 10; n++) sink.emit(event("e", n));
    expect(sink.size).toBe(3);
    expect(sink.droppedCount).toBe(7);
    await sink.flush();
    expect(numbers(target.events)).toEqual([7, 8, 9]);
  });

  it("refuses new events when full under drop_newest, counting each drop", async () => {
    const target = new RecordingSink();
    const sink = new BufferedEventSink({ target, capacity: 3, dropPolicy: "drop_newest" });
    for (let n = 0; n < 10; n++) sink.emit(event("e", n));
    expect(sink.droppedCount).toBe(7);
    await sink.flush();
    expect(numbers(target.events)).toEqual([0, 1, 2]);
  });

  it("stays bounded through a long burst and keeps delivering afterwards", async () => {
    const target = new RecordingSink();
    const sink = new BufferedEventSink({ target, capacity: 5 });
    for (let n = 0; n < 100_000; n++) sink.emit(event("e", n));
    expect(sink.size).toBe(5);
    expect(sink.droppedCount).toBe(99_995);
    await sink.flush();
    expect(numbers(target.events)).toEqual([99_995, 99_996, 99_997, 99_998, 99_999]);
    sink.emit(event("e", 1));
    await sink.flush();
    expect(sink.deliveredCount).toBe(6);
  });

  it("counts and reports target errors without stopping delivery, and flushes the target", async () => {
    const errors: string[] = [];
    let flushed = 0;
    const target = {
      emit: async (e: AnyStageflowEvent) => {
        if ((e.data as { n: number }).n % 2 === 0) throw new Error(`bad ${(e.data as { n: number }).n}`);
      },
      flush: async () => void flushed++,
    };
    const sink = new BufferedEventSink({
      target,
      onSinkError: (error) => errors.push((error as Error).message),
    });
    for (let n = 0; n < 4; n++) sink.emit(event("e", n));
    await sink.flush();
    expect(errors).toEqual(["bad 0", "bad 2"]);
    expect(sink.errorCount).toBe(2);
    expect(sink.deliveredCount).toBe(4);
    expect(flushed).toBe(1);
  });

  it("reports a failing target flush instead of throwing", async () => {
    const errors: unknown[] = [];
    const sink = new BufferedEventSink({
      target: {
        emit: () => undefined,
        flush: async () => {
          throw new Error("flush broke");
        },
      },
      onSinkError: (error) => errors.push(error),
    });
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(sink.errorCount).toBe(1);
  });

  it("validates its options, naming the closest key", () => {
    const target = new RecordingSink();
    expect(() => new BufferedEventSink({ target, drop_policy: "drop_oldest" } as never)).toThrow(
      /Did you mean "dropPolicy"\?/,
    );
    expect(() => new BufferedEventSink({ target, capacity: 0 })).toThrow(
      /capacity must be a positive integer/,
    );
    expect(() => new BufferedEventSink({ target, dropPolicy: "drop_all" as never })).toThrow(
      InvalidOptionsError,
    );
    expect(() => new BufferedEventSink({ target: {} as never })).toThrow(/target must be an EventSink/);
  });
});
