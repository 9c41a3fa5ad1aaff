import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  defineStage,
  Pipeline,
  StageKind,
  StageOutput,
  type Plugin,
} from "../../src/index.js";
import { RecordingSink } from "../helpers/recordingSink.js";
import { okStage } from "../helpers/stages.js";

const snapshot = (): ContextSnapshot => ContextSnapshot.create({ inputText: "route me" });
const router = (route: unknown) =>
  defineStage({ name: "router", kind: StageKind.ROUTE, execute: () => StageOutput.ok({ route }) });

function branching(route: unknown) {
  // router → a → a2, router → b, router → c; merge depends on a2, b, c.
  return new Pipeline("branches")
    .withStage(router(route))
    .withStage(okStage("a"), { dependsOn: ["router"] })
    .withStage(okStage("a2"), { dependsOn: ["a"] })
    .withStage(okStage("b"), { dependsOn: ["router"] })
    .withStage(okStage("c"), { dependsOn: ["router"] })
    .withStage(
      defineStage({
        name: "merge",
        execute: (ctx) => ({ ran: ctx.inputs.names.filter((n) => ctx.inputs.has(n)) }),
      }),
      { dependsOn: ["a2", "b", "c"] },
    )
    .build();
}

describe("start gate", () => {
  describe("ROUTE pruning", () => {
    it("runs the selected branch, prunes the others and cascades pruning down a pruned branch", async () => {
      const sink = new RecordingSink();
      const result = await branching("b").run(snapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(result.stages.b?.status).toBe("ok");
      expect(result.stages.a).toMatchObject({
        status: "skip",
        pruned: true,
        attempts: 0,
        reason: "not selected by its route",
      });
      expect(result.stages.c).toMatchObject({ status: "skip", pruned: true });
      expect(result.stages.a2).toMatchObject({
        status: "skip",
        pruned: true,
        reason: "every dependency was pruned",
      });
      expect(result.outputs.a).toBeUndefined();
      expect(result.output("merge")?.data).toEqual({ ran: ["b"] });
      const skipped = sink.ofType("stage.skipped").find((e) => e.stage === "a");
      expect(skipped?.data).toMatchObject({ pruned: true, reason: "not selected by its route", attempts: 0 });
      expect(skipped?.attempt).toBeUndefined();
      expect(sink.forStage("a")).toEqual(["stage.skipped"]);
    });

    it("selects several branches with an array route", async () => {
      const result = await branching(["a", "c"]).run(snapshot());
      expect(result.stages.a2?.status).toBe("ok");
      expect(result.stages.c?.status).toBe("ok");
      expect(result.stages.b?.pruned).toBe(true);
      expect(result.output("merge")?.data).toEqual({ ran: ["a2", "c"] });
    });

    it("runs every dependent when the route output has no route field", async () => {
      const plain = defineStage({
        name: "router",
        kind: StageKind.ROUTE,
        execute: () => ({ note: "no decision" }),
      });
      const result = await new Pipeline("all")
        .withStage(plain)
        .withStage(okStage("a"), { dependsOn: ["router"] })
        .withStage(okStage("b"), { dependsOn: ["router"] })
        .run(snapshot());
      expect(result.stages.a?.status).toBe("ok");
      expect(result.stages.b?.status).toBe("ok");
    });

    it("selects a dependent by its branch key instead of its name", async () => {
      const result = await new Pipeline("keys")
        .withStage(router("fast"))
        .withStage(okStage("quickAnswer"), { dependsOn: ["router"], branch: "fast" })
        .withStage(okStage("slowAnswer"), { dependsOn: ["router"], branch: "slow" })
        .run(snapshot());
      expect(result.stages.quickAnswer?.status).toBe("ok");
      expect(result.stages.slowAnswer?.pruned).toBe(true);
    });

    it("prunes a merge stage only when every one of its dependencies was pruned", async () => {
      const result = await new Pipeline("merge-all-pruned")
        .withStage(router("none-of-them"))
        .withStage(okStage("a"), { dependsOn: ["router"] })
        .withStage(okStage("b"), { dependsOn: ["router"] })
        .withStage(okStage("merge"), { dependsOn: ["a", "b"] })
        .withStage(okStage("tail"), { dependsOn: ["merge"] })
        .run(snapshot());
      expect(result.status).toBe("completed");
      expect(result.stages.merge).toMatchObject({ status: "skip", pruned: true });
      expect(result.stages.tail).toMatchObject({ status: "skip", pruned: true });
    });

    it("does not treat a stage-chosen skip as pruning", async () => {
      const skipper = defineStage({ name: "skipper", execute: () => StageOutput.skip("nothing to do") });
      const result = await new Pipeline("skip-not-prune")
        .withStage(skipper)
        .withStage(okStage("after"), { dependsOn: [skipper] })
        .run(snapshot());
      expect(result.stages.skipper).toMatchObject({
        status: "skip",
        pruned: false,
        reason: "nothing to do",
        attempts: 1,
      });
      expect(result.stages.after?.status).toBe("ok");
    });
  });

  describe("skip", () => {
    it("lets dependents run and read the skipped output", async () => {
      const skipper = defineStage({
        name: "cache",
        execute: () => StageOutput.skip("cache miss", { hits: 0 }),
      });
      const reader = defineStage({
        name: "reader",
        execute: (ctx) => {
          const input = ctx.inputs.get("cache");
          return { status: input?.status, reason: input?.reason, data: input?.data };
        },
      });
      const sink = new RecordingSink();
      const result = await new Pipeline("skip")
        .withStage(skipper)
        .withStage(reader, { dependsOn: [skipper] })
        .run(snapshot(), { eventSink: sink });
      expect(result.status).toBe("completed");
      expect(result.output("reader")?.data).toEqual({
        status: "skip",
        reason: "cache miss",
        data: { hits: 0 },
      });
      expect(sink.forStage("cache")).toEqual(["stage.started", "stage.skipped"]);
      expect(sink.ofType("stage.skipped")[0]?.data).toMatchObject({
        reason: "cache miss",
        pruned: false,
        attempts: 1,
      });
    });
  });

  describe("when", () => {
    it("skips a stage whose condition is false and runs one whose condition is true", async () => {
      const seen: unknown[] = [];
      const result = await new Pipeline("when")
        .withStage(okStage("flags", { search: true, images: false }))
        .withStage(okStage("search"), {
          dependsOn: ["flags"],
          when: (inputs, snap) => {
            seen.push(snap.inputText);
            return inputs.getFrom<boolean>("flags", "search") === true;
          },
        })
        .withStage(okStage("images"), {
          dependsOn: ["flags"],
          when: {
            evaluate: (inputs) => inputs.getFrom<boolean>("flags", "images") === true,
            description: "images on",
          },
        })
        .withStage(okStage("after"), { dependsOn: ["images"] })
        .run(snapshot());
      expect(seen).toEqual(["route me"]);
      expect(result.stages.search?.status).toBe("ok");
      expect(result.stages.images).toMatchObject({
        status: "skip",
        pruned: false,
        attempts: 0,
        reason: "its when condition was false",
      });
      expect(result.stages.after?.status).toBe("ok");
    });

    it("fails the stage when its condition throws", async () => {
      const result = await new Pipeline("when-throws")
        .withStage(okStage("a"), {
          when: () => {
            throw new Error("bad condition");
          },
        })
        .run(snapshot());
      expect(result.status).toBe("failed");
      expect(result.stages.a).toMatchObject({ status: "fail", attempts: 0 });
      expect(result.stages.a?.error?.message).toBe("bad condition");
    });
  });

  describe("plugins' shouldRun", () => {
    it("skips a stage when a plugin answers skip, handing it the dependencies' outcomes", async () => {
      const calls: Array<{ stage: string; deps: string[] }> = [];
      const plugin: Plugin = {
        name: "skip-b",
        shouldRun: (stage, deps) => {
          calls.push({ stage: stage.name, deps: deps.map((d) => `${d.name}:${d.status}`) });
          return stage.name === "b" ? { skip: "not today" } : undefined;
        },
      };
      const result = await new Pipeline("should-run", { plugins: [plugin] })
        .withStage(okStage("a"))
        .withStage(okStage("b"), { dependsOn: ["a"] })
        .run(snapshot());
      expect(calls).toEqual([
        { stage: "a", deps: [] },
        { stage: "b", deps: ["a:ok"] },
      ]);
      expect(result.stages.b).toMatchObject({ status: "skip", reason: "not today", pruned: false });
    });

    it("fails the stage (not the run's promise) when shouldRun throws", async () => {
      const plugin: Plugin = {
        name: "broken",
        shouldRun: () => {
          throw new Error("oops");
        },
      };
      const result = await new Pipeline("broken")
        .withStage(okStage("a"))
        .run(snapshot(), { plugins: [plugin] });
      expect(result.stages.a?.status).toBe("fail");
      expect(result.stages.a?.error?.message).toBe('Plugin "broken" threw in shouldRun: oops');
    });
  });
});
