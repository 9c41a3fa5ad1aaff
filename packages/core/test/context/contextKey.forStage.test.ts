/**
 * @module Context keys with a per-stage view: `ctx.get(key)` hands each stage attempt its own view.
 */
import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  InvalidOptionsError,
  Pipeline,
  StageKind,
  StageOutput,
  createContextKey,
  createStageContext,
  defineStage,
  type Interceptor,
  type Plugin,
  type StageAttempt,
} from "../../src/index.js";

/** A run-scoped log; a view writes into it on behalf of one stage attempt. */
interface Log {
  readonly lines: string[];
  readonly owner: StageAttempt | undefined;
  write(text: string): void;
}

function createLog(lines: string[] = [], owner?: StageAttempt): Log {
  return {
    lines,
    owner,
    write: (text) => void lines.push(`${owner?.name ?? "?"}#${owner?.attempt ?? 0}: ${text}`),
  };
}

const made: StageAttempt[] = [];
const LogKey = createContextKey<Log>("log", {
  forStage: (log, stage) => {
    made.push(stage);
    return createLog(log.lines, stage);
  },
});
const logPlugin = (lines: string[]): Plugin => ({
  name: "log",
  provide: () => [LogKey.provide(createLog(lines))],
});

/** Runs the inner layers twice when the first attempt fails, as a retry does. */
const retryOnce: Interceptor = {
  name: "retry-once",
  intercept: async (ctx, next) => {
    const first = await next({ attempt: 1 });
    return first.status === "fail" ? next({ attempt: 2 }) : first;
  },
};

describe("context keys with forStage", () => {
  it("gives each stage its own view, naming the stage, its kind and attempt, made once per attempt", async () => {
    made.length = 0;
    const lines: string[] = [];
    const seen: boolean[] = [];
    const write = (name: string, kind: StageKind) =>
      defineStage({
        name,
        kind,
        execute: (ctx) => {
          const log = ctx.get(LogKey);
          seen.push(log === ctx.get(LogKey));
          log.write("hello");
        },
      });
    const result = await new Pipeline("views", { plugins: [logPlugin(lines)] })
      .withStage(write("fetch", StageKind.ENRICH))
      .withStage(write("answer", StageKind.TRANSFORM), { dependsOn: ["fetch"] })
      .run(ContextSnapshot.create());
    expect(result.status).toBe("completed");
    expect(lines).toEqual(["fetch#1: hello", "answer#1: hello"]);
    expect(seen).toEqual([true, true]);
    expect(made).toEqual([
      { name: "fetch", kind: StageKind.ENRICH, attempt: 1 },
      { name: "answer", kind: StageKind.TRANSFORM, attempt: 1 },
    ]);
    expect(Object.isFrozen(made[0])).toBe(true);
  });

  it("makes a new view for each attempt, shared by the interceptors wrapping that attempt", async () => {
    made.length = 0;
    const lines: string[] = [];
    const views: Log[] = [];
    // Hands the inner layers another signal for the same attempt, as a timeout does.
    const ownSignal: Interceptor = {
      name: "own-signal",
      priority: 300,
      intercept: (ctx, next) => {
        views.push(ctx.get(LogKey));
        return next({ signal: new AbortController().signal });
      },
    };
    const flaky = defineStage({
      name: "flaky",
      execute: (ctx) => {
        const log = ctx.get(LogKey);
        views.push(log);
        log.write("spent");
        if (ctx.attempt === 1) return StageOutput.fail(new Error("try again"));
        return undefined;
      },
    });
    const result = await new Pipeline("retries", { plugins: [logPlugin(lines)] })
      .withStage(flaky, { interceptors: [retryOnce, ownSignal] })
      .run(ContextSnapshot.create());
    expect(result.status).toBe("completed");
    expect(lines).toEqual(["flaky#1: spent", "flaky#2: spent"]);
    expect(made.map((m) => m.attempt)).toEqual([1, 2]);
    // [interceptor attempt 1, stage attempt 1, interceptor attempt 2, stage attempt 2]
    expect(views[0]).toBe(views[1]);
    expect(views[2]).toBe(views[3]);
    expect(views[1]).not.toBe(views[2]);
  });

  it("applies the view to a key's default too", async () => {
    const shared: string[] = [];
    const Key = createContextKey<Log>("log-default", {
      default: () => createLog(shared),
      forStage: (log, stage) => createLog(log.lines, stage),
    });
    await new Pipeline("defaults")
      .withStage(defineStage({ name: "a", execute: (ctx) => ctx.get(Key).write("x") }))
      .withStage(defineStage({ name: "b", execute: (ctx) => ctx.get(Key).write("y") }), { dependsOn: ["a"] })
      .run(ContextSnapshot.create());
    expect(shared).toEqual(["a#1: x", "b#1: y"]);
  });

  it("returns the provided value itself for a key without forStage", async () => {
    const PlainKey = createContextKey<Log>("plain");
    const log = createLog();
    let read: Log | undefined;
    await new Pipeline("plain", { plugins: [{ name: "plain", provide: () => [PlainKey.provide(log)] }] })
      .withStage(defineStage({ name: "a", execute: (ctx) => void (read = ctx.get(PlainKey)) }))
      .run(ContextSnapshot.create());
    expect(read).toBe(log);
  });

  it("binds views in contexts made by createStageContext to their stage name and attempt", () => {
    const lines: string[] = [];
    const ctx = createStageContext({
      stageName: "answer",
      attempt: 3,
      values: [LogKey.provide(createLog(lines))],
    });
    ctx.get(LogKey).write("hi");
    expect(ctx.get(LogKey)).toBe(ctx.get(LogKey));
    expect(lines).toEqual(["answer#3: hi"]);
  });

  it("rejects a forStage or default that is not a function", () => {
    expect(() => createContextKey("bad", { forStage: "view" as never })).toThrow(
      new InvalidOptionsError(
        'createContextKey("bad")',
        "forStage must be a function (value, stage) => view.",
      ),
    );
    expect(() => createContextKey("bad", { default: 42 as never })).toThrow(InvalidOptionsError);
  });
});
