import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  defineStage,
  Pipeline,
  PipelineCancelledError,
  StageOutput,
  UndeclaredDependencyError,
  type Plugin,
  type StageContext,
} from "../../src/index.js";
import { deferred, flush, track } from "../helpers/deferred.js";
import { RecordingSink } from "../helpers/recordingSink.js";
import { failingStage, gatedStage, okStage } from "../helpers/stages.js";
import { VirtualClock } from "../helpers/virtualClock.js";

const snapshot = (): ContextSnapshot => ContextSnapshot.create({ inputText: "hi" });

describe("scheduler", () => {
  describe("as-soon-as-ready start", () => {
    it("starts a stage the moment its own dependencies settle, while unrelated stages still run", async () => {
      // a → c and b → d. b stays blocked until c has started: a layer-by-layer scheduler would
      // wait for b before starting c and never finish.
      const a = gatedStage("a");
      const b = gatedStage("b");
      const c = gatedStage("c");
      const d = okStage("d");
      const sink = new RecordingSink();
      const graph = new Pipeline("ready")
        .withStage(a.stage)
        .withStage(b.stage)
        .withStage(c.stage, { dependsOn: ["a"] })
        .withStage(d, { dependsOn: ["b"] })
        .build();
      const run = graph.run(snapshot(), { eventSink: sink });
      await Promise.all([a.started.promise, b.started.promise]);
      a.release.resolve({ a: 1 });
      await c.started.promise;
      expect(sink.trace).not.toContain("stage.completed:b");
      b.release.resolve({ b: 1 });
      c.release.resolve({ c: 1 });
      const result = await run;
      expect(result.status).toBe("completed");
      const trace = sink.trace;
      expect(trace.indexOf("stage.started:c")).toBeLessThan(trace.indexOf("stage.completed:b"));
      expect(trace.indexOf("stage.started:d")).toBeGreaterThan(trace.indexOf("stage.completed:b"));
    });

    it("starts every root at once and a join only after all of its dependencies settled", async () => {
      const roots = Array.from({ length: 5 }, (_, i) => gatedStage(`r${i}`));
      const join = gatedStage("join");
      const pipeline = new Pipeline("fan-in");
      for (const r of roots) pipeline.withStage(r.stage);
      pipeline.withStage(join.stage, { dependsOn: roots.map((r) => r.stage) });
      const run = pipeline.run(snapshot());
      await Promise.all(roots.map((r) => r.started.promise));
      for (const r of roots.slice(0, 4)) r.release.resolve(undefined);
      await flush();
      expect(join.started.done).toBe(false);
      roots[4]!.release.resolve(undefined);
      await join.started.promise;
      join.release.resolve("joined");
      expect((await run).output("join")?.data).toBe("joined");
    });
  });

  describe("data flow", () => {
    it("gives a stage the outputs of its declared dependencies only", async () => {
      const seen: Record<string, unknown> = {};
      const a = okStage("a", { value: 1 });
      const b = okStage("b", { value: 2 });
      const c = defineStage({
        name: "c",
        execute: (ctx) => {
          seen.names = ctx.inputs.names;
          seen.a = ctx.inputs.get("a")?.data;
          seen.viaObject = ctx.inputs.get(a)?.data;
          try {
            ctx.inputs.get("b");
          } catch (error) {
            seen.error = error;
          }
          return { sum: ctx.inputs.getFrom<number>("a", "value", 0) + 1 };
        },
      });
      const result = await new Pipeline("flow")
        .withStage(a)
        .withStage(b)
        .withStage(c, { dependsOn: [a] })
        .run(snapshot());
      expect(result.status).toBe("completed");
      expect(seen.names).toEqual(["a"]);
      expect(seen.a).toEqual({ value: 1 });
      expect(seen.viaObject).toEqual({ value: 1 });
      expect(seen.error).toBeInstanceOf(UndeclaredDependencyError);
      const error = seen.error as UndeclaredDependencyError;
      expect(error.declared).toEqual(["a"]);
      expect(error.requested).toBe("b");
      expect(error.message).toContain('Declared dependencies: "a"');
      expect(result.output("c")?.data).toEqual({ sum: 2 });
    });

    it("does not expose a transitive dependency's output", async () => {
      let error: unknown;
      const c = defineStage({
        name: "c",
        execute: (ctx) => {
          try {
            ctx.inputs.get("a");
          } catch (e) {
            error = e;
          }
          return ctx.inputs.require("b").data;
        },
      });
      const result = await new Pipeline("transitive")
        .withStage(okStage("a"))
        .withStage(okStage("b"), { dependsOn: ["a"] })
        .withStage(c, { dependsOn: ["b"] })
        .run(snapshot());
      expect(error).toBeInstanceOf(UndeclaredDependencyError);
      expect((error as UndeclaredDependencyError).declared).toEqual(["b"]);
      expect(result.output("c")?.data).toEqual({ from: "b" });
    });

    it("fails a stage that reads an undeclared stage when it lets the error escape", async () => {
      const reader = defineStage({ name: "reader", execute: (ctx) => ctx.inputs.get("other") });
      const result = await new Pipeline("leak").withStage(okStage("other")).withStage(reader).run(snapshot());
      expect(result.status).toBe("failed");
      expect(result.stages.reader?.error).toBeInstanceOf(UndeclaredDependencyError);
      expect(result.stages.reader?.error?.message).toContain("Declared dependencies: none");
    });
  });

  describe("fail-fast", () => {
    it("aborts and awaits running siblings when a stage fails", async () => {
      const cleanup = deferred();
      const log: string[] = [];
      let slowCtx: StageContext | undefined;
      const slowStarted = deferred();
      const slow = defineStage({
        name: "slow",
        execute: (ctx) =>
          new Promise((_, reject) => {
            slowCtx = ctx;
            slowStarted.resolve();
            ctx.signal.addEventListener("abort", () => {
              log.push("slow saw abort");
              // Cleanup takes a while; the run must wait for it.
              void cleanup.promise.then(() => {
                log.push("slow cleaned up");
                reject(ctx.signal.reason as Error);
              });
            });
          }),
      });
      const gate = deferred();
      const bad = defineStage({
        name: "bad",
        execute: async () => {
          await gate.promise;
          throw new Error("boom");
        },
      });
      const sink = new RecordingSink();
      const graph = new Pipeline("ff")
        .withStage(slow)
        .withStage(bad)
        .withStage(okStage("afterSlow"), { dependsOn: [slow] })
        .withStage(okStage("afterBad"), { dependsOn: [bad] })
        .build();
      const run = track(graph.run(snapshot(), { eventSink: sink }));
      await slowStarted.promise;
      gate.resolve();
      await flush();
      expect(log).toEqual(["slow saw abort"]);
      expect(slowCtx?.signal.aborted).toBe(true);
      expect(run.settled).toBe(false);
      cleanup.resolve();
      const result = await run.promise;
      log.push("run resolved");
      expect(log).toEqual(["slow saw abort", "slow cleaned up", "run resolved"]);
      expect(result.status).toBe("failed");
      expect(result.errors.map((f) => f.stage)).toEqual(["bad"]);
      expect(result.errors[0]?.error.message).toBe("boom");
      expect(result.stages.bad).toMatchObject({ status: "fail", attempts: 1 });
      expect(result.stages.slow).toMatchObject({ status: "cancel", attempts: 1 });
      expect(result.stages.slow?.error).toBeInstanceOf(PipelineCancelledError);
      for (const name of ["afterSlow", "afterBad"]) {
        expect(result.stages[name]).toMatchObject({ status: "cancel", attempts: 0, durationMs: 0 });
        expect(result.stages[name]?.reason).toBe("the run stopped before this stage started");
        expect(sink.forStage(name)).toEqual(["stage.cancelled"]);
      }
      expect(sink.trace.at(-1)).toBe("pipeline.failed");
      expect(() => result.throwIfFailed()).toThrow(/boom/);
    });

    it("records a failed stage's error and never starts its dependents", async () => {
      let dependentRan = false;
      const dependent = defineStage({ name: "dependent", execute: () => void (dependentRan = true) });
      const result = await new Pipeline("ff2")
        .withStage(failingStage("a"))
        .withStage(dependent, { dependsOn: ["a"] })
        .run(snapshot());
      expect(dependentRan).toBe(false);
      expect(result.stages.dependent?.status).toBe("cancel");
    });

    it("treats a retry output without a retry interceptor as a failure", async () => {
      const flaky = defineStage({ name: "flaky", execute: () => StageOutput.retry(new Error("try again")) });
      const result = await new Pipeline("retry").withStage(flaky).run(snapshot());
      expect(result.status).toBe("failed");
      expect(result.stages.flaky?.status).toBe("fail");
      expect(result.stages.flaky?.error?.message).toBe("try again");
    });
  });

  describe("cancellation", () => {
    it("cancels the run when a stage returns StageOutput.cancel, keeping partial outputs", async () => {
      const running = gatedStage("running", { honourSignal: true });
      const guard = defineStage({
        name: "guard",
        kind: "guard",
        execute: () => StageOutput.cancel("off-topic", { refusal: "no" }),
      });
      const sink = new RecordingSink();
      const graph = new Pipeline("cancel")
        .withStage(okStage("first"))
        .withStage(running.stage)
        .withStage(guard, { dependsOn: ["first"] })
        .withStage(okStage("after"), { dependsOn: [guard] })
        .build();
      const result = await graph.run(snapshot(), { eventSink: sink });
      expect(result.status).toBe("cancelled");
      expect(result.cancelReason).toBeInstanceOf(PipelineCancelledError);
      expect((result.cancelReason as PipelineCancelledError).stage).toBe("guard");
      expect(result.cancelReason?.message).toContain("off-topic");
      expect(result.output("first")?.data).toEqual({ from: "first" });
      expect(result.output("guard")?.data).toEqual({ refusal: "no" });
      expect(result.stages.running?.status).toBe("cancel");
      expect(result.stages.after).toMatchObject({ status: "cancel", attempts: 0 });
      expect(result.errors).toEqual([]);
      expect(sink.trace.at(-1)).toBe("pipeline.cancelled");
      expect(() => result.throwIfFailed()).toThrow(PipelineCancelledError);
    });

    it("cancels the run when the external signal aborts, aborting running stages", async () => {
      const controller = new AbortController();
      const running = gatedStage("running", { honourSignal: true });
      const graph = new Pipeline("ext")
        .withStage(running.stage)
        .withStage(okStage("next"), { dependsOn: ["running"] })
        .build();
      const run = graph.run(snapshot(), { signal: controller.signal });
      const ctx = await running.started.promise;
      controller.abort(new Error("user left"));
      const result = await run;
      expect(ctx.signal.aborted).toBe(true);
      expect(result.status).toBe("cancelled");
      expect(result.cancelReason?.message).toContain("user left");
      expect(result.cancelReason?.cause).toBeInstanceOf(Error);
      expect(result.stages.running?.status).toBe("cancel");
      expect(result.stages.next).toMatchObject({ status: "cancel", attempts: 0 });
    });

    it("runs nothing when the signal is already aborted, recording every stage as cancelled", async () => {
      let ran = false;
      const stage = defineStage({ name: "a", execute: () => void (ran = true) });
      const sink = new RecordingSink();
      const result = await new Pipeline("pre")
        .withStage(stage)
        .run(snapshot(), { signal: AbortSignal.abort("stop"), eventSink: sink });
      expect(ran).toBe(false);
      expect(result.status).toBe("cancelled");
      expect(result.cancelReason?.message).toContain("stop");
      expect(result.stages.a?.status).toBe("cancel");
      expect(sink.trace).toEqual(["pipeline.started", "stage.cancelled:a", "pipeline.cancelled"]);
    });

    it("ignores the external signal once the run has finished", async () => {
      const controller = new AbortController();
      const result = await new Pipeline("late")
        .withStage(okStage("a"))
        .run(snapshot(), { signal: controller.signal });
      controller.abort();
      expect(result.status).toBe("completed");
    });
  });

  describe("abortGraceMs", () => {
    it("resolves after the grace period when a running stage ignores its signal, discarding its late result", async () => {
      const clock = new VirtualClock();
      const stubborn = gatedStage("stubborn");
      const graph = new Pipeline("grace").withStage(stubborn.stage).withStage(failingStage("bad")).build();
      const run = track(graph.run(snapshot(), { clock, abortGraceMs: 500 }));
      await stubborn.started.promise;
      await clock.advance(499);
      expect(run.settled).toBe(false);
      await clock.advance(1);
      const result = await run.promise;
      expect(result.status).toBe("failed");
      expect(result.stages.stubborn?.status).toBe("cancel");
      expect(result.stages.stubborn?.reason).toBe(
        "did not stop within abortGraceMs (500 ms) after the run stopped",
      );
      expect(result.stages.stubborn?.durationMs).toBe(500);
      stubborn.release.resolve({ late: true });
      await flush();
      expect(result.outputs.stubborn).toBeUndefined();
      expect(clock.pendingCount).toBe(0);
    });

    it("also bounds a stage stuck waiting in a plugin's acquire that ignores the signal", async () => {
      const clock = new VirtualClock();
      const stuck: Plugin = {
        name: "stuck-slot",
        acquire: (stage) => (stage.name === "waiter" ? new Promise<undefined>(() => undefined) : undefined),
      };
      const run = track(
        new Pipeline("grace-acquire")
          .withStage(okStage("waiter"))
          .withStage(failingStage("bad"))
          .run(snapshot(), { clock, abortGraceMs: 100, plugins: [stuck] }),
      );
      await clock.advance(99);
      expect(run.settled).toBe(false);
      await clock.advance(1);
      const result = await run.promise;
      expect(result.stages.waiter).toMatchObject({ status: "cancel", attempts: 0 });
      expect(result.stages.waiter?.reason).toContain("abortGraceMs (100 ms)");
    });

    it("clears the grace timer when running stages stop in time", async () => {
      const clock = new VirtualClock();
      const polite = gatedStage("polite", { honourSignal: true });
      const result = await new Pipeline("grace2")
        .withStage(polite.stage)
        .withStage(failingStage("bad"))
        .run(snapshot(), { clock });
      expect(result.stages.polite?.status).toBe("cancel");
      expect(clock.pendingCount).toBe(0);
    });
  });
});
