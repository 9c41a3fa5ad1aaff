import { describe, expect, it } from "vitest";
import {
  CallbackEventSink,
  ContextSnapshot,
  InvalidOptionsError,
  defineStage,
  NoOpEventSink,
  Pipeline,
  StageOutput,
  type AnyStageflowEvent,
  type EventOf,
  type StageContext,
} from "../../src/index.js";
import { deferred, flush } from "../helpers/deferred.js";
import { RecordingSink } from "../helpers/recordingSink.js";
import { failingStage, okStage } from "../helpers/stages.js";
import { VirtualClock } from "../helpers/virtualClock.js";

const TERMINAL = new Set(["stage.completed", "stage.skipped", "stage.failed", "stage.cancelled"]);

/** `emit` as a JavaScript caller sees it. */
interface UntypedEmit {
  emit(type: string, data?: unknown): void;
}

describe("run events", () => {
  it("emits pipeline.started first, one started + one terminal event per stage, and the end event last", async () => {
    const clock = new VirtualClock(5_000);
    const sink = new RecordingSink();
    const slow = defineStage({
      name: "slow",
      execute: async (ctx) => {
        await ctx.clock.sleep(30, ctx.signal);
        return { done: true };
      },
    });
    const graph = new Pipeline("events")
      .withStage(okStage("a"))
      .withStage(slow, { dependsOn: ["a"] })
      .withStage(defineStage({ name: "skipper", execute: () => StageOutput.skip("not needed") }), {
        dependsOn: ["a"],
      })
      .withStage(okStage("join"), { dependsOn: ["slow", "skipper"] })
      .build();
    const snap = ContextSnapshot.create();
    const run = graph.run(snap, { eventSink: sink, clock });
    await clock.advance(30);
    const result = await run;
    expect(sink.problems).toEqual([]);
    expect(sink.trace).toEqual([
      "pipeline.started",
      "stage.started:a",
      "stage.completed:a",
      "stage.started:slow",
      "stage.started:skipper",
      "stage.skipped:skipper",
      "stage.completed:slow",
      "stage.started:join",
      "stage.completed:join",
      "pipeline.completed",
    ]);
    for (const e of sink.events) {
      expect(e.runId).toBe(snap.runId.pipelineRunId);
      expect(e.pipeline).toBe("events");
    }
    expect(sink.events[0]?.data).toEqual({ stageCount: 4 });
    const started = sink.ofType("stage.started") as Array<EventOf<"stage.started">>;
    expect(started.map((e) => [e.stage, e.attempt, e.data.kind])).toContainEqual(["slow", 1, "transform"]);
    const slowDone = sink.events.find(
      (e) => e.type === "stage.completed" && e.stage === "slow",
    ) as EventOf<"stage.completed">;
    expect(slowDone).toMatchObject({ attempt: 1, timestamp: 5_030, data: { durationMs: 30, attempts: 1 } });
    const end = sink.events.at(-1) as EventOf<"pipeline.completed">;
    expect(end.data).toEqual({
      status: "completed",
      durationMs: 30,
      counts: { ok: 3, skip: 1, cancel: 0, fail: 0, retry: 0 },
    });
    expect(result.durationMs).toBe(30);
  });

  it("gives every stage exactly one terminal event, also on failure and cancellation", async () => {
    const sink = new RecordingSink();
    await new Pipeline("mixed")
      .withStage(okStage("a"))
      .withStage(failingStage("b"), { dependsOn: ["a"] })
      .withStage(okStage("c"), { dependsOn: ["b"] })
      .withStage(okStage("d"))
      .run(ContextSnapshot.create(), { eventSink: sink });
    for (const name of ["a", "b", "c", "d"]) {
      const types = sink.forStage(name);
      expect(types.filter((t) => TERMINAL.has(t))).toHaveLength(1);
      expect(types.filter((t) => t === "stage.started").length).toBeLessThanOrEqual(1);
      expect(TERMINAL.has(types.at(-1)!)).toBe(true);
    }
    const failed = sink.ofType("stage.failed")[0] as EventOf<"stage.failed">;
    expect(failed.data.error).toEqual({ name: "Error", message: "b broke" });
    expect(sink.ofType("pipeline.failed")[0]?.data).toMatchObject({
      status: "failed",
      counts: { ok: 2, fail: 1, cancel: 1 },
    });
  });

  it("refuses lifecycle and malformed event names from a stage, failing it with a clear error", async () => {
    const attempts: Array<[string, (ctx: StageContext) => void]> = [
      ["completed", (ctx) => ctx.recordStageEvent("completed", {})],
      // Typed callers cannot write this (lifecycle types are not in emit's signature); JavaScript callers can.
      ["pipeline end", (ctx) => (ctx as unknown as UntypedEmit).emit("pipeline.completed", {})],
      ["empty", (ctx) => ctx.recordStageEvent("")],
      ["spaces", (ctx) => ctx.recordStageEvent("Bad Status")],
    ];
    for (const [label, call] of attempts) {
      const sink = new RecordingSink();
      const result = await new Pipeline("p")
        .withStage(defineStage({ name: "s", execute: (ctx) => call(ctx) }))
        .run(ContextSnapshot.create(), { eventSink: sink });
      const error = result.stages.s?.error;
      expect(error, label).toBeInstanceOf(InvalidOptionsError);
      expect(sink.forStage("s"), label).toEqual(["stage.started", "stage.failed"]);
      expect(sink.ofType("pipeline.completed"), label).toHaveLength(0);
    }
    const sink = new RecordingSink();
    await new Pipeline("p")
      .withStage(defineStage({ name: "s", execute: (ctx) => ctx.recordStageEvent("completed") }))
      .run(ContextSnapshot.create(), { eventSink: sink });
    expect((sink.ofType("stage.failed")[0]?.data as { error: { message: string } }).error.message).toBe(
      'ctx.recordStageEvent: "stage.completed" is a lifecycle event the executor emits itself, once per stage; ' +
        'emit a name of your own, such as "stage.progress".',
    );
  });

  it("carries stage-emitted events with the stage and attempt filled in", async () => {
    const sink = new RecordingSink();
    const chatty = defineStage({
      name: "chatty",
      execute: (ctx) => {
        ctx.emit("custom.progress", { pct: 50 });
        ctx.recordStageEvent("progress", { pct: 90 });
        ctx.emit("custom.empty");
        void ctx.eventSink.emit({
          type: "raw",
          timestamp: 1,
          runId: ctx.runId,
          pipeline: ctx.pipeline,
          data: null,
        });
      },
    });
    await new Pipeline("chatty").withStage(chatty).run(ContextSnapshot.create(), { eventSink: sink });
    expect(sink.forStage("chatty")).toEqual([
      "stage.started",
      "custom.progress",
      "stage.progress",
      "custom.empty",
      "stage.completed",
    ]);
    expect(sink.ofType("custom.progress")[0]).toMatchObject({
      stage: "chatty",
      attempt: 1,
      data: { pct: 50 },
    });
    expect(sink.ofType("stage.progress")[0]).toMatchObject({
      stage: "chatty",
      attempt: 1,
      data: { pct: 90 },
    });
    expect(sink.ofType("custom.empty")[0]?.data).toEqual({});
    expect(sink.ofType("raw")).toHaveLength(1);
  });

  it("builds no events at all for a NoOpEventSink", async () => {
    let seen = 0;
    class CountingNoOp extends NoOpEventSink {
      override emit(): void {
        seen++;
      }
    }
    const result = await new Pipeline("quiet")
      .withStage(okStage("a"))
      .run(ContextSnapshot.create(), { eventSink: new CountingNoOp() });
    expect(result.status).toBe("completed");
    expect(seen).toBe(0);
  });

  describe("sink failures", () => {
    it("never fails a run because the sink throws; counts every error and reports it with its event", async () => {
      const reported: Array<[unknown, string]> = [];
      const sink = new CallbackEventSink(() => {
        throw new Error("disk full");
      });
      const result = await new Pipeline("throwing")
        .withStage(okStage("a"))
        .withStage(okStage("b"), { dependsOn: ["a"] })
        .run(ContextSnapshot.create(), {
          eventSink: sink,
          onSinkError: (error, event) => reported.push([error, event.type]),
        });
      expect(result.status).toBe("completed");
      expect(result.output("b")?.data).toEqual({ from: "b" });
      // started + 2 × (started, completed) + completed
      expect(result.sinkErrors).toBe(6);
      expect(reported.map(([, type]) => type)).toEqual([
        "pipeline.started",
        "stage.started",
        "stage.completed",
        "stage.started",
        "stage.completed",
        "pipeline.completed",
      ]);
      expect((reported[0]?.[0] as Error).message).toBe("disk full");
    });

    it("never fails a run because the sink rejects, and counts rejections that arrive later", async () => {
      const later = deferred();
      const sink = new CallbackEventSink(async (event: AnyStageflowEvent) => {
        if (event.type === "pipeline.completed") await later.promise;
        throw new Error(`rejected ${event.type}`);
      });
      const errors: string[] = [];
      const result = await new Pipeline("rejecting").withStage(okStage("a")).run(ContextSnapshot.create(), {
        eventSink: sink,
        onSinkError: (error) => errors.push((error as Error).message),
      });
      expect(result.status).toBe("completed");
      await flush();
      expect(result.sinkErrors).toBe(3);
      later.resolve();
      await flush();
      expect(result.sinkErrors).toBe(4);
      expect(errors.at(-1)).toBe("rejected pipeline.completed");
    });

    it("survives an onSinkError handler that throws too", async () => {
      const sink = new CallbackEventSink(() => {
        throw new Error("sink");
      });
      const result = await new Pipeline("both").withStage(okStage("a")).run(ContextSnapshot.create(), {
        eventSink: sink,
        onSinkError: () => {
          throw new Error("handler");
        },
      });
      expect(result.status).toBe("completed");
      expect(result.sinkErrors).toBe(4);
    });

    it("counts a failing flush through ctx.eventSink without throwing into the stage", async () => {
      const sink = {
        emit: () => undefined,
        flush: async () => {
          throw new Error("flush failed");
        },
      };
      const flusher = defineStage({ name: "flusher", execute: async (ctx) => ctx.eventSink.flush?.() });
      const result = await new Pipeline("flush")
        .withStage(flusher)
        .run(ContextSnapshot.create(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(result.sinkErrors).toBe(1);
    });
  });
});
