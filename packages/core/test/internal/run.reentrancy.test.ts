/**
 * @module Scheduler tests: re-entrant runs and programmer errors.
 */
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { ContextSnapshot, defineStage, Pipeline } from "../../src/index.js";
import { deferred, flush, type Deferred } from "../helpers/deferred.js";
import { RecordingSink } from "../helpers/recordingSink.js";
import { okStage } from "../helpers/stages.js";

const snapshot = (): ContextSnapshot => ContextSnapshot.create({ inputText: "hi" });

describe("scheduler", () => {
  describe("re-entrancy", () => {
    it("runs one graph 100 times concurrently with no cross-talk", async () => {
      const gates = new Map<string, Deferred<void>>();
      const source = defineStage({
        name: "source",
        execute: async (ctx) => {
          const n = (ctx.snapshot.input as { n: number }).n;
          const gate = deferred();
          gates.set(ctx.runId, gate);
          await gate.promise;
          return { n };
        },
      });
      const double = defineStage({
        name: "double",
        execute: (ctx) => ({ v: (ctx.inputs.require("source").data as { n: number }).n * 2 }),
      });
      const square = defineStage({
        name: "square",
        execute: (ctx) => ({ v: (ctx.inputs.require("source").data as { n: number }).n ** 2 }),
      });
      const sum = defineStage({
        name: "sum",
        execute: (ctx) => ({
          total: ctx.inputs.require(double).data.v + ctx.inputs.require(square).data.v,
          runId: ctx.runId,
        }),
      });
      const graph = new Pipeline("concurrent")
        .withStage(source)
        .withStage(double, { dependsOn: [source] })
        .withStage(square, { dependsOn: [source] })
        .withStage(sum, { dependsOn: [double, square] })
        .build();
      const sink = new RecordingSink();
      const snapshots = Array.from({ length: 100 }, (_, n) => ContextSnapshot.create({ input: { n } }));
      const runs = snapshots.map((s) => graph.run(s, { eventSink: sink }));
      await flush();
      expect(gates.size).toBe(100);
      // Release in a scrambled order so runs interleave.
      const ids = [...gates.keys()];
      for (let k = 0; k < ids.length; k++) gates.get(ids[(k * 37) % ids.length]!)!.resolve();
      const results = await Promise.all(runs);
      results.forEach((result, n) => {
        expect(result.status).toBe("completed");
        expect(result.runId).toBe(snapshots[n]!.runId.pipelineRunId);
        expect(result.output("sum")?.data).toEqual({ total: 2 * n + n * n, runId: result.runId });
        const own = sink.events.filter((e) => e.runId === result.runId);
        expect(own).toHaveLength(2 + 4 * 2);
        expect(own[0]?.type).toBe("pipeline.started");
        expect(own.at(-1)?.type).toBe("pipeline.completed");
      });
      expect(sink.problems).toEqual([]);
    });
  });

  describe("one external signal shared by many runs", () => {
    it("adds one listener to it and cancels every running run when it aborts", async () => {
      const gate = deferred();
      const wait = defineStage({
        name: "wait",
        execute: (ctx) =>
          new Promise((resolve, reject) => {
            void gate.promise.then(resolve);
            ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason as Error), { once: true });
          }),
      });
      const graph = new Pipeline("shared-signal").withStage(wait).build();
      const shutdown = new AbortController();
      const runs = Array.from({ length: 200 }, () => graph.run(snapshot(), { signal: shutdown.signal }));
      await flush();
      expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(1);
      shutdown.abort(new Error("shutting down"));
      const results = await Promise.all(runs);
      expect(results.every((r) => r.status === "cancelled")).toBe(true);
      expect(results[0]?.cancelReason?.message).toMatch(/shutting down/);

      // Runs on a signal that stays alive: however many follow it, it carries one listener.
      const alive = new AbortController();
      gate.resolve();
      const done = await Promise.all(
        Array.from({ length: 50 }, () => graph.run(snapshot(), { signal: alive.signal })),
      );
      expect(done.every((r) => r.status === "completed")).toBe(true);
      expect(getEventListeners(alive.signal, "abort")).toHaveLength(1);
    });
  });

  describe("programmer errors", () => {
    it("rejects when the snapshot is not a ContextSnapshot or an option is unknown", async () => {
      const graph = new Pipeline("p").withStage(okStage("a")).build();
      await expect(graph.run({ inputText: "x" } as never)).rejects.toThrow(/must be a ContextSnapshot/);
      await expect(graph.run(snapshot(), { event_sink: {} } as never)).rejects.toThrow(
        /Did you mean "eventSink"\?/,
      );
      await expect(graph.run(snapshot(), { abortGraceMs: -1 })).rejects.toThrow(
        /abortGraceMs must be a number/,
      );
      await expect(graph.run(snapshot(), { clock: {} as never })).rejects.toThrow(/clock must have now\(\)/);
      await expect(graph.run(snapshot(), { eventSink: {} as never })).rejects.toThrow(/emit\(event\)/);
      await expect(graph.run(snapshot(), { signal: "no" as never })).rejects.toThrow(/AbortSignal/);
      await expect(graph.run(snapshot(), { random: 4 as never })).rejects.toThrow(
        /random must be a function/,
      );
      await expect(graph.run(snapshot(), { onSinkError: 4 as never })).rejects.toThrow(
        /onSinkError must be a function/,
      );
    });
  });
});
