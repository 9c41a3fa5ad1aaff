import { describe, expect, it } from "vitest";
import {
  CompositeEventSink,
  ContextSnapshot,
  InvalidOptionsError,
  Pipeline,
  defineStage,
} from "../../src/index.js";
import { flush } from "../helpers/deferred.js";
import { RecordingSink } from "../helpers/recordingSink.js";
import { event } from "./sinks.helpers.js";

describe("CompositeEventSink", () => {
  it("fans every event out to each child in order", () => {
    const first = new RecordingSink();
    const second = new RecordingSink();
    const sink = new CompositeEventSink([first, second]);
    void sink.emit(event("a"));
    void sink.emit(event("b"));
    expect(first.trace).toEqual(["a", "b"]);
    expect(second.trace).toEqual(["a", "b"]);
  });

  it("isolates a throwing or rejecting child: the others still receive every event", async () => {
    const errors: string[] = [];
    const good = new RecordingSink();
    const thrower = {
      emit: () => {
        throw new Error("sync");
      },
    };
    const rejecter = { emit: async () => Promise.reject(new Error("async")) };
    const sink = new CompositeEventSink([thrower, rejecter, good], {
      onSinkError: (error, e) => errors.push(`${(error as Error).message}:${e.type}`),
    });
    void sink.emit(event("a"));
    void sink.emit(event("b"));
    await flush();
    expect(good.trace).toEqual(["a", "b"]);
    expect(errors.sort()).toEqual(["async:a", "async:b", "sync:a", "sync:b"]);
    expect(sink.errorCount).toBe(4);
  });

  it("without a handler of its own, passes child errors to the run, which counts and reports them", async () => {
    const good = new RecordingSink();
    const bad = {
      emit: () => {
        throw new Error("down");
      },
    };
    const composite = new CompositeEventSink([bad, good]);
    const reported: string[] = [];
    const result = await new Pipeline("p")
      .withStage(defineStage({ name: "a", execute: () => 1 }))
      .run(ContextSnapshot.create(), {
        eventSink: composite,
        onSinkError: (error, e) => reported.push(`${(error as Error).message}:${e.type}`),
      });
    expect(result.status).toBe("completed");
    expect(good.trace).toEqual([
      "pipeline.started",
      "stage.started:a",
      "stage.completed:a",
      "pipeline.completed",
    ]);
    expect(result.sinkErrors).toBe(4);
    expect(reported).toEqual([
      "down:pipeline.started",
      "down:stage.started",
      "down:stage.completed",
      "down:pipeline.completed",
    ]);
    expect(composite.errorCount).toBe(4);
  });

  it("without a handler, rejects once every child has the event, with all errors of several children", async () => {
    const good = new RecordingSink();
    const sync = new Error("sync child");
    const async = new Error("async child");
    const composite = new CompositeEventSink([
      {
        emit: () => {
          throw sync;
        },
      },
      { emit: async () => Promise.reject(async) },
      good,
    ]);
    const pending = composite.emit(event("a"));
    expect(good.trace).toEqual(["a"]);
    const error = (await Promise.resolve(pending).then(
      () => undefined,
      (e: unknown) => e,
    )) as AggregateError;
    expect(error).toBeInstanceOf(AggregateError);
    expect(error.errors).toEqual([sync, async]);
    expect(composite.errorCount).toBe(2);
  });

  it("with a handler of its own, keeps child errors away from the run", async () => {
    const errors: unknown[] = [];
    const composite = new CompositeEventSink(
      [
        {
          emit: () => {
            throw new Error("down");
          },
        },
      ],
      { onSinkError: (error) => errors.push(error) },
    );
    const result = await new Pipeline("p")
      .withStage(defineStage({ name: "a", execute: () => 1 }))
      .run(ContextSnapshot.create(), { eventSink: composite });
    expect(result.sinkErrors).toBe(0);
    expect(errors).toHaveLength(4);
  });

  it("without a handler, a failing flush rejects after every child has flushed", async () => {
    const flushed: string[] = [];
    const broke = new Error("flush broke");
    const sink = new CompositeEventSink([
      {
        emit: () => undefined,
        flush: async () => {
          throw broke;
        },
      },
      { emit: () => undefined, flush: async () => void flushed.push("two") },
    ]);
    await expect(sink.flush()).rejects.toBe(broke);
    expect(flushed).toEqual(["two"]);
  });

  it("flushes every child and reports a failing flush instead of throwing", async () => {
    const flushed: string[] = [];
    const errors: unknown[] = [];
    const sink = new CompositeEventSink(
      [
        { emit: () => undefined, flush: async () => void flushed.push("one") },
        {
          emit: () => undefined,
          flush: async () => {
            throw new Error("flush broke");
          },
        },
        { emit: () => undefined },
      ],
      {
        onSinkError: (error) => {
          errors.push(error);
          throw new Error("handler broke too");
        },
      },
    );
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(flushed).toEqual(["one"]);
    expect((errors[0] as Error).message).toBe("flush broke");
    expect(sink.errorCount).toBe(1);
  });

  it("validates its arguments", () => {
    expect(() => new CompositeEventSink([{} as never])).toThrow(InvalidOptionsError);
    expect(() => new CompositeEventSink([], { on_sink_error: () => undefined } as never)).toThrow(
      /Did you mean "onSinkError"\?/,
    );
  });
});
