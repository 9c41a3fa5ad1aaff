/**
 * The `pipeline.*` end event is always a run's last: events emitted for the run after it (by a stage
 * the run gave up on that kept running) are not delivered, and `result.lateEvents` counts them.
 */
import { describe, expect, it } from "vitest";
import { ContextSnapshot, defineStage, Pipeline, type StageContext } from "../src/index.js";
import { deferred, flush } from "./helpers/deferred.js";
import { RecordingSink } from "./helpers/recordingSink.js";
import { VirtualClock } from "./helpers/virtualClock.js";

describe("events after the end event", () => {
  it("drops what an abandoned stage emits after the run ended and counts it in result.lateEvents", async () => {
    const clock = new VirtualClock();
    const sink = new RecordingSink();
    const started = deferred<StageContext>();
    // Ignores its signal: the run gives up on it after abortGraceMs, and it carries on emitting.
    const stubborn = defineStage({
      name: "stubborn",
      execute: (ctx) => {
        started.resolve(ctx);
        return new Promise<never>(() => undefined);
      },
    });
    const controller = new AbortController();
    const running = new Pipeline("p")
      .withStage(stubborn)
      .run(ContextSnapshot.create(), { clock, signal: controller.signal, abortGraceMs: 10, eventSink: sink });
    const ctx = await started.promise;
    ctx.emit("custom.progress", { pct: 10 });
    controller.abort(new Error("client left"));
    await clock.advance(10);
    const result = await running;
    expect(result.status).toBe("cancelled");
    expect(result.lateEvents).toBe(0);
    const delivered = sink.trace;
    expect(delivered.at(-1)).toBe("pipeline.cancelled");
    expect(delivered).toContain("custom.progress:stubborn");

    ctx.emit("custom.progress", { pct: 90 });
    ctx.recordStageEvent("checkpoint", {});
    void ctx.eventSink.emit({ ...sink.events[0]!, type: "custom.by_hand" });
    await flush();
    expect(sink.trace).toEqual(delivered);
    expect(result.lateEvents).toBe(3);
    expect(sink.problems).toEqual([]);
  });

  it("counts nothing for a run whose stages all finish before it ends", async () => {
    const sink = new RecordingSink();
    const chatty = defineStage({
      name: "chatty",
      execute: (ctx) => {
        ctx.emit("custom.note", {});
        return { done: true };
      },
    });
    const result = await new Pipeline("p")
      .withStage(chatty)
      .run(ContextSnapshot.create(), { eventSink: sink });
    expect(result.lateEvents).toBe(0);
    expect(sink.trace.at(-1)).toBe("pipeline.completed");
  });
});
