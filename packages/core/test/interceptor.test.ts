import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  DEFAULT_INTERCEPTOR_PRIORITY,
  defineStage,
  Pipeline,
  StageOutput,
  type Interceptor,
} from "../src/index.js";
import { failingStage, okStage } from "./helpers/stages.js";

const snapshot = (): ContextSnapshot => ContextSnapshot.create();

function tracing(log: string[], name: string, priority?: number): Interceptor {
  return {
    name,
    ...(priority === undefined ? {} : { priority }),
    intercept: async (ctx, next) => {
      log.push(`>${name}`);
      const out = await next();
      log.push(`<${name}`);
      return out;
    },
  };
}

describe("interceptors", () => {
  it("orders layers by priority, then pipeline, run and stage registration", async () => {
    const log: string[] = [];
    const stage = defineStage({ name: "s", execute: () => void log.push("execute") });
    const pipeline = new Pipeline("onion", {
      interceptors: [tracing(log, "p1"), tracing(log, "p2", 50)],
    }).withStage(stage, {
      interceptors: [tracing(log, "s1"), tracing(log, "s2", 50)],
    });
    await pipeline.run(snapshot(), { interceptors: [tracing(log, "r1"), tracing(log, "r2", 300)] });
    expect(log).toEqual([
      ">p2",
      ">s2",
      ">p1",
      ">r1",
      ">s1",
      ">r2",
      "execute",
      "<r2",
      "<s1",
      "<r1",
      "<p1",
      "<s2",
      "<p2",
    ]);
    expect(DEFAULT_INTERCEPTOR_PRIORITY).toBe(100);
  });

  it("keeps pipeline-before-stage order when the run adds no interceptors", async () => {
    const log: string[] = [];
    await new Pipeline("onion2", { interceptors: [tracing(log, "p")] })
      .withStage(okStage("s"), { interceptors: [tracing(log, "s")] })
      .run(snapshot());
    expect(log).toEqual([">p", ">s", "<s", "<p"]);
  });

  it("wraps each stage separately with its own stage-level interceptors", async () => {
    const log: string[] = [];
    await new Pipeline("per-stage")
      .withStage(okStage("a"), { interceptors: [tracing(log, "onlyA")] })
      .withStage(okStage("b"), { dependsOn: ["a"] })
      .run(snapshot());
    expect(log).toEqual([">onlyA", "<onlyA"]);
  });

  it("lets an interceptor replace the output and override the attempt number", async () => {
    const seen: number[] = [];
    const stage = defineStage({ name: "s", execute: (ctx) => void seen.push(ctx.attempt) });
    const twice: Interceptor = {
      name: "twice",
      intercept: async (_ctx, next) => {
        await next({ attempt: 1 });
        const second = await next({ attempt: 2 });
        return StageOutput.ok({ replaced: second.status });
      },
    };
    const result = await new Pipeline("replace").withStage(stage, { interceptors: [twice] }).run(snapshot());
    expect(seen).toEqual([1, 2]);
    expect(result.stages.s?.attempts).toBe(2);
    expect(result.output("s")?.data).toEqual({ replaced: "ok" });
  });

  it("resolves next() with a fail output when the stage throws, so interceptors never need try/catch", async () => {
    let inner: StageOutput | undefined;
    const spy: Interceptor = {
      name: "spy",
      intercept: async (_ctx, next) => (inner = await next()),
    };
    const result = await new Pipeline("throws")
      .withStage(failingStage("bad"), { interceptors: [spy] })
      .run(snapshot());
    expect(inner?.status).toBe("fail");
    expect(inner?.error?.message).toBe("bad broke");
    expect(result.stages.bad?.status).toBe("fail");
  });

  it("fails the stage when an interceptor resolves with something that is not a StageOutput", async () => {
    const forgetful: Interceptor = {
      name: "forgetful",
      intercept: async (_ctx, next) => void (await next()) as never,
    };
    const result = await new Pipeline("contract")
      .withStage(okStage("s"), { interceptors: [forgetful] })
      .run(snapshot());
    expect(result.stages.s?.status).toBe("fail");
    expect(result.stages.s?.error?.message).toMatch(
      /Interceptor "forgetful" on stage "s" resolved with undefined/,
    );
  });

  it("fails the stage when an interceptor throws", async () => {
    const thrower: Interceptor = {
      name: "thrower",
      intercept: () => {
        throw new Error("interceptor broke");
      },
    };
    const result = await new Pipeline("ithrows")
      .withStage(okStage("s"), { interceptors: [thrower] })
      .run(snapshot());
    expect(result.stages.s?.error?.message).toBe("interceptor broke");
  });

  it("exposes the stage and the run's random source to interceptors", async () => {
    const seen: unknown[] = [];
    const spy: Interceptor = {
      name: "spy",
      intercept: async (ctx, next) => {
        seen.push(ctx.stage.name, ctx.random(), ctx.stageName, ctx.runId, ctx.pipeline);
        return next();
      },
    };
    const snap = snapshot();
    await new Pipeline("expose")
      .withStage(okStage("s"))
      .run(snap, { interceptors: [spy], random: () => 0.25 });
    expect(seen).toEqual(["s", 0.25, "s", snap.runId.pipelineRunId, "expose"]);
  });

  describe("before / after / onError sugar", () => {
    it("short-circuits the stage when before returns an output", async () => {
      let ran = false;
      const stage = defineStage({ name: "s", execute: () => void (ran = true) });
      const cache: Interceptor = { name: "cache", before: () => StageOutput.ok({ cached: true }) };
      const result = await new Pipeline("before").withStage(stage, { interceptors: [cache] }).run(snapshot());
      expect(ran).toBe(false);
      expect(result.output("s")?.data).toEqual({ cached: true });
    });

    it("runs before and after around a successful stage, after replacing the output", async () => {
      const log: string[] = [];
      const sugar: Interceptor = {
        name: "sugar",
        before: () => void log.push("before"),
        after: (_ctx, out) => {
          log.push(`after:${out.status}`);
          return StageOutput.ok({ wrapped: out.data });
        },
        onError: () => void log.push("onError"),
      };
      const result = await new Pipeline("after")
        .withStage(okStage("s", 1), { interceptors: [sugar] })
        .run(snapshot());
      expect(log).toEqual(["before", "after:ok"]);
      expect(result.output("s")?.data).toEqual({ wrapped: 1 });
    });

    it("calls onError with the error for a failed stage, which can recover it", async () => {
      const seen: string[] = [];
      const recover: Interceptor = {
        name: "recover",
        after: () => void seen.push("after"),
        onError: (_ctx, error, out) => {
          seen.push(`${error.message}:${out.status}`);
          return StageOutput.ok({ fallback: true });
        },
      };
      const result = await new Pipeline("onError")
        .withStage(failingStage("bad"), { interceptors: [recover] })
        .run(snapshot());
      expect(seen).toEqual(["bad broke:fail"]);
      expect(result.status).toBe("completed");
      expect(result.output("bad")?.data).toEqual({ fallback: true });
    });

    it("keeps the original output when the hooks return nothing, and fails the stage when before throws", async () => {
      const quiet: Interceptor = { name: "quiet", after: () => undefined, onError: () => undefined };
      const ok = await new Pipeline("q")
        .withStage(okStage("s", 7), { interceptors: [quiet] })
        .run(snapshot());
      expect(ok.output("s")?.data).toBe(7);
      const failing = await new Pipeline("q2")
        .withStage(failingStage("bad"), { interceptors: [quiet] })
        .run(snapshot());
      expect(failing.stages.bad?.status).toBe("fail");
      const loud: Interceptor = {
        name: "loud",
        before: async () => {
          throw new Error("before broke");
        },
      };
      const broken = await new Pipeline("q3")
        .withStage(okStage("s"), { interceptors: [loud] })
        .run(snapshot());
      expect(broken.stages.s?.error?.message).toBe("before broke");
    });
  });

  it("rejects objects that are not interceptors where they enter", () => {
    expect(() => new Pipeline("bad", { interceptors: [{ name: "x" }] })).toThrow(
      /each interceptor needs a name and intercept/,
    );
    expect(() => new Pipeline("bad").withStage(okStage("a"), { interceptors: {} as never })).toThrow(
      /interceptors must be an array/,
    );
  });
});
