import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  createContextKey,
  defineStage,
  MissingContextValueError,
  Pipeline,
  StageOutput,
  type AnyStage,
  type Plugin,
  type RunInfo,
} from "../src/index.js";
import { deferred, flush, type Deferred } from "./helpers/deferred.js";
import { RecordingSink } from "./helpers/recordingSink.js";
import { failingStage, okStage } from "./helpers/stages.js";

interface ToleranceReport {
  readonly failed: readonly string[];
  readonly skippedBecauseOfFailure: readonly string[];
  readonly maxActive: number;
}

// Plugins type their reports by augmenting the result, as opt-in packages do with "@stageflow/core".
declare module "../src/index.js" {
  interface PipelineResultReports {
    readonly tolerance?: ToleranceReport;
  }
}

interface RunState {
  readonly failed: Set<string>;
  readonly skipped: string[];
  active: number;
  maxActive: number;
  readonly waiting: Array<() => void>;
}

/**
 * A tiny tolerance plugin built only from hooks: failures do not stop the run, dependents of a failed
 * (or thereby skipped) stage are skipped, and at most `maxConcurrent` stages run at once.
 */
function tolerance(maxConcurrent: number): Plugin {
  const runs = new WeakMap<RunInfo, RunState>();
  const state = (run: RunInfo): RunState => runs.get(run) as RunState;
  return {
    name: "test-tolerance",
    onRunStart(run) {
      runs.set(run, { failed: new Set(), skipped: [], active: 0, maxActive: 0, waiting: [] });
    },
    shouldRun(stage, deps, run) {
      const s = state(run);
      const bad = deps.find((d) => s.failed.has(d.name));
      if (bad === undefined) return undefined;
      s.failed.add(stage.name);
      s.skipped.push(stage.name);
      return { skip: `dependency "${bad.name}" failed` };
    },
    async acquire(_stage, signal, run) {
      const s = state(run);
      while (s.active >= maxConcurrent) {
        await new Promise<void>((resolve, reject) => {
          s.waiting.push(resolve);
          signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
        });
      }
      s.active++;
      s.maxActive = Math.max(s.maxActive, s.active);
      return () => {
        s.active--;
        s.waiting.shift()?.();
      };
    },
    onStageSettled(stage, outcome, run) {
      if (outcome.status !== "fail") return undefined;
      state(run).failed.add(stage.name);
      return "continue";
    },
    onRunEnd(_result, run) {
      const s = state(run);
      const skipped = new Set(s.skipped);
      return {
        tolerance: {
          failed: [...s.failed].filter((n) => !skipped.has(n)),
          skippedBecauseOfFailure: s.skipped,
          maxActive: s.maxActive,
        },
      };
    },
  };
}

describe("plugins", () => {
  describe("replacing fail-fast through hooks", () => {
    it("continues past a failure, skips its dependents, runs unrelated branches and reports", async () => {
      const sink = new RecordingSink();
      const graph = new Pipeline("tolerant", { plugins: [tolerance(10)] })
        .withStage(failingStage("bad"))
        .withStage(okStage("child"), { dependsOn: ["bad"] })
        .withStage(okStage("grandchild"), { dependsOn: ["child"] })
        .withStage(okStage("unrelated"))
        .withStage(okStage("after"), { dependsOn: ["unrelated"] })
        .build();
      const result = await graph.run(ContextSnapshot.create(), { eventSink: sink });
      expect(result.status).toBe("failed");
      expect(result.stages.bad?.status).toBe("fail");
      expect(result.stages.child).toMatchObject({ status: "skip", reason: 'dependency "bad" failed' });
      expect(result.stages.grandchild).toMatchObject({ status: "skip", reason: 'dependency "child" failed' });
      expect(result.stages.unrelated?.status).toBe("ok");
      expect(result.stages.after?.status).toBe("ok");
      expect(result.errors.map((f) => f.stage)).toEqual(["bad"]);
      expect(result.tolerance).toEqual({
        failed: ["bad"],
        skippedBecauseOfFailure: ["child", "grandchild"],
        maxActive: expect.any(Number),
      });
      expect(sink.trace.at(-1)).toBe("pipeline.failed");
    });

    it("caps concurrency through acquire, starting waiting stages as slots free up", async () => {
      const gates: Array<Deferred<void>> = [];
      let active = 0;
      let maxActive = 0;
      const pipeline = new Pipeline("capped");
      const stages: AnyStage[] = [];
      for (let i = 0; i < 8; i++) {
        const gate = deferred();
        gates.push(gate);
        stages.push(
          defineStage({
            name: `s${i}`,
            execute: async () => {
              active++;
              maxActive = Math.max(maxActive, active);
              await gate.promise;
              active--;
              return { i };
            },
          }),
        );
      }
      for (const s of stages) pipeline.withStage(s);
      const run = pipeline.run(ContextSnapshot.create(), { plugins: [tolerance(3)] });
      await flush();
      expect(active).toBe(3);
      for (const gate of gates) {
        gate.resolve();
        await flush();
        expect(active).toBeLessThanOrEqual(3);
      }
      const result = await run;
      expect(result.status).toBe("completed");
      expect(maxActive).toBe(3);
      expect(result.tolerance?.maxActive).toBe(3);
    });

    it("keeps per-run state apart when one plugin object serves concurrent runs", async () => {
      const plugin = tolerance(2);
      const graph = new Pipeline("shared", { plugins: [plugin] })
        .withStage(
          defineStage({
            name: "maybe",
            execute: (ctx) =>
              (ctx.snapshot.input as { fail: boolean }).fail ? StageOutput.fail("no") : { fine: true },
          }),
        )
        .withStage(okStage("next"), { dependsOn: ["maybe"] })
        .build();
      const [failing, passing] = await Promise.all([
        graph.run(ContextSnapshot.create({ input: { fail: true } })),
        graph.run(ContextSnapshot.create({ input: { fail: false } })),
      ]);
      expect(failing.tolerance?.failed).toEqual(["maybe"]);
      expect(failing.stages.next?.status).toBe("skip");
      expect(passing.tolerance?.failed).toEqual([]);
      expect(passing.stages.next?.status).toBe("ok");
    });

    it("stops the run when a plugin answers abort, even for a successful stage", async () => {
      const stopper: Plugin = {
        name: "stopper",
        onStageSettled: (stage) => (stage.name === "a" ? "abort" : undefined),
      };
      const result = await new Pipeline("abort")
        .withStage(okStage("a"))
        .withStage(okStage("b"), { dependsOn: ["a"] })
        .run(ContextSnapshot.create(), { plugins: [stopper] });
      expect(result.status).toBe("failed");
      expect(result.stages.a?.status).toBe("ok");
      expect(result.stages.b?.status).toBe("cancel");
    });

    it("fails a stage that acquire sheds, and cancels stages still waiting when the run stops", async () => {
      const shed: Plugin = {
        name: "shed",
        acquire: (stage) => (stage.name === "b" ? { shed: new Error("overloaded") } : undefined),
      };
      const result = await new Pipeline("shed")
        .withStage(okStage("a"))
        .withStage(okStage("b"))
        .run(ContextSnapshot.create(), { plugins: [shed] });
      expect(result.stages.b?.status).toBe("fail");
      expect(result.stages.b?.error?.message).toBe("overloaded");

      const holding = deferred();
      const waits: Plugin = {
        name: "waits",
        acquire: (stage, signal) =>
          stage.name === "waiter"
            ? new Promise((_, reject) =>
                signal.addEventListener("abort", () => reject(signal.reason as Error)),
              )
            : undefined,
      };
      const sink = new RecordingSink();
      const run = new Pipeline("waiting")
        .withStage(
          defineStage({
            name: "bad",
            execute: async () => holding.promise.then(() => StageOutput.fail("x")),
          }),
        )
        .withStage(okStage("waiter"))
        .run(ContextSnapshot.create(), { plugins: [waits], eventSink: sink });
      await flush();
      holding.resolve();
      const stopped = await run;
      expect(stopped.stages.waiter).toMatchObject({
        status: "cancel",
        attempts: 0,
        reason: "the run stopped while the stage waited for a slot",
      });
      expect(sink.forStage("waiter")).toEqual(["stage.cancelled"]);
    });

    it("does not start a stage whose slot was granted after the run stopped", async () => {
      const slot = deferred<undefined>();
      let waiterRan = false;
      const late: Plugin = {
        name: "late",
        acquire: (stage) => (stage.name === "waiter" ? slot.promise : undefined),
      };
      const run = new Pipeline("late-slot")
        .withStage(failingStage("bad"))
        .withStage(defineStage({ name: "waiter", execute: () => void (waiterRan = true) }))
        .run(ContextSnapshot.create(), { plugins: [late], abortGraceMs: Number.POSITIVE_INFINITY });
      await flush();
      slot.resolve(undefined);
      const result = await run;
      expect(waiterRan).toBe(false);
      expect(result.stages.waiter?.status).toBe("cancel");
    });
  });

  describe("services", () => {
    it("provides run-scoped values that stages read with ctx.get(key)", async () => {
      const BudgetKey = createContextKey<{ left: number }>("budget");
      const budgets: Array<{ left: number }> = [];
      const plugin: Plugin = {
        name: "budget",
        provide: (run) => {
          const budget = { left: (run.snapshot.input as { tokens: number }).tokens };
          budgets.push(budget);
          return [BudgetKey.provide(budget)];
        },
      };
      const spend = defineStage({
        name: "spend",
        execute: (ctx) => {
          const budget = ctx.get(BudgetKey);
          budget.left -= 10;
          return { left: budget.left };
        },
      });
      const graph = new Pipeline("svc", { plugins: [plugin] }).withStage(spend).build();
      const [a, b] = await Promise.all([
        graph.run(ContextSnapshot.create({ input: { tokens: 100 } })),
        graph.run(ContextSnapshot.create({ input: { tokens: 50 } })),
      ]);
      expect(a.output("spend")?.data).toEqual({ left: 90 });
      expect(b.output("spend")?.data).toEqual({ left: 40 });
      expect(budgets).toHaveLength(2);
    });

    it("falls back to a key's default, made once per run, and throws MissingContextValueError without one", async () => {
      const CounterKey = createContextKey<{ n: number }>("counter", { default: () => ({ n: 0 }) });
      const MissingKey = createContextKey<string>("missing");
      const bump = (name: string) =>
        defineStage({ name, execute: (ctx) => ({ n: ++ctx.get(CounterKey).n }) });
      const reader = defineStage({ name: "reader", execute: (ctx) => ctx.get(MissingKey) });
      const graph = new Pipeline("defaults")
        .withStage(bump("one"))
        .withStage(bump("two"), { dependsOn: ["one"] })
        .build();
      const first = await graph.run(ContextSnapshot.create());
      const second = await graph.run(ContextSnapshot.create());
      expect(first.output("two")?.data).toEqual({ n: 2 });
      expect(second.output("two")?.data).toEqual({ n: 2 });
      const missing = await new Pipeline("missing").withStage(reader).run(ContextSnapshot.create());
      const error = missing.stages.reader?.error as MissingContextValueError;
      expect(error).toBeInstanceOf(MissingContextValueError);
      expect(error.key).toBe("missing");
      expect(error.message).toContain("no plugin of this run provides it");
    });
  });
});
