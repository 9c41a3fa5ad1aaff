/**
 * @module Plugin tests: the order and arguments of lifecycle hooks.
 */
import { describe, expect, it } from "vitest";
import { ContextSnapshot, defineStage, Pipeline, type Plugin, type RunInfo } from "../src/index.js";
import { deferred, flush } from "./helpers/deferred.js";
import { RecordingSink } from "./helpers/recordingSink.js";
import { failingStage, okStage } from "./helpers/stages.js";

describe("plugins", () => {
  describe("lifecycle", () => {
    it("awaits an async onRunStart before any stage starts and calls hooks in plugin order", async () => {
      const log: string[] = [];
      const started = deferred();
      const mk = (name: string): Plugin => ({
        name,
        onRunStart: async () => {
          log.push(`${name}:start`);
          if (name === "first") await started.promise;
        },
        onStageSettled: (stage) => void log.push(`${name}:settled:${stage.name}`),
        onRunEnd: () => void log.push(`${name}:end`),
      });
      const stage = defineStage({ name: "s", execute: () => void log.push("stage") });
      const run = new Pipeline("order", { plugins: [mk("first")] })
        .withStage(stage)
        .run(ContextSnapshot.create(), { plugins: [mk("second")] });
      await flush();
      expect(log).toEqual(["first:start"]);
      started.resolve();
      await run;
      expect(log).toEqual([
        "first:start",
        "second:start",
        "stage",
        "first:settled:s",
        "second:settled:s",
        "first:end",
        "second:end",
      ]);
    });

    it("rejects the run when onRunStart throws, naming the plugin, and closes its event stream", async () => {
      const broken: Plugin = {
        name: "broken",
        onRunStart: () => {
          throw new Error("no database");
        },
      };
      const sink = new RecordingSink();
      await expect(
        new Pipeline("p")
          .withStage(okStage("a"))
          .run(ContextSnapshot.create(), { plugins: [broken], eventSink: sink }),
      ).rejects.toThrow('Plugin "broken" threw in onRunStart: no database');
      expect(sink.events.map((e) => e.type)).toEqual(["pipeline.started", "pipeline.failed"]);
      expect(sink.events[1]?.data).toMatchObject({ status: "failed", counts: { ok: 0, fail: 0 } });
    });

    it("rejects the run when provide throws, running no stage, and closes its event stream", async () => {
      let ran = false;
      const stage = defineStage({
        name: "a",
        execute: () => {
          ran = true;
        },
      });
      const broken: Plugin = {
        name: "broken",
        provide: () => {
          throw new Error("no pool");
        },
      };
      const sink = new RecordingSink();
      await expect(
        new Pipeline("p")
          .withStage(stage)
          .run(ContextSnapshot.create(), { plugins: [broken], eventSink: sink }),
      ).rejects.toThrow(/no pool/);
      expect(ran).toBe(false);
      expect(sink.events.map((e) => e.type)).toEqual(["pipeline.started", "pipeline.failed"]);
    });

    it("collects errors thrown by onStageSettled and onRunEnd as pluginErrors without failing the run", async () => {
      const flaky: Plugin = {
        name: "flaky",
        onStageSettled: () => {
          throw new Error("settle broke");
        },
        onRunEnd: async () => {
          throw new Error("end broke");
        },
      };
      const result = await new Pipeline("p")
        .withStage(okStage("a"))
        .run(ContextSnapshot.create(), { plugins: [flaky] });
      expect(result.status).toBe("completed");
      const errors = result.pluginErrors?.map((e) => e.message);
      expect(errors).toEqual([
        'Plugin "flaky" threw in onStageSettled: settle broke',
        'Plugin "flaky" threw in onRunEnd: end broke',
      ]);
    });

    it("never lets a report overwrite the result's own fields", async () => {
      const sneaky: Plugin = { name: "sneaky", onRunEnd: () => ({ status: "completed", extra: 1 }) };
      const result = await new Pipeline("p")
        .withStage(failingStage("a"))
        .run(ContextSnapshot.create(), { plugins: [sneaky] });
      expect(result.status).toBe("failed");
      expect((result as unknown as { extra: number }).extra).toBe(1);
    });

    it("gives plugins a RunInfo with the run's identity, stages and dependents", async () => {
      let info: RunInfo | undefined;
      const sink = new RecordingSink();
      const spy: Plugin = {
        name: "spy",
        onRunStart: (run) => {
          info = run;
          run.emit("plugin.hello", { from: "spy" }, "a");
        },
      };
      const snap = ContextSnapshot.create();
      await new Pipeline("info")
        .withStage(okStage("a"))
        .withStage(okStage("b"), { dependsOn: ["a"] })
        .run(snap, { plugins: [spy], eventSink: sink });
      expect(info?.runId).toBe(snap.runId.pipelineRunId);
      expect(info?.pipeline).toBe("info");
      expect(info?.snapshot).toBe(snap);
      expect(info?.stages.map((s) => `${s.name}<-${s.dependsOn.join(",")}`)).toEqual(["a<-", "b<-a"]);
      expect(info?.dependentsOf("a")).toEqual(["b"]);
      expect(info?.dependentsOf("nope")).toEqual([]);
      expect(Object.isFrozen(info)).toBe(true);
      expect(sink.ofType("plugin.hello")[0]).toMatchObject({ stage: "a", data: { from: "spy" } });
    });

    it("rejects plugins that are not objects with a name", () => {
      expect(() => new Pipeline("p", { plugins: [{} as never] })).toThrow(
        /each plugin must be an object with a name/,
      );
    });
  });
});
