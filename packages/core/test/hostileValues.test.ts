import { describe, expect, it } from "vitest";
import {
  CallbackEventSink,
  ContextSnapshot,
  InvalidOptionsError,
  InvalidSnapshotError,
  NonErrorThrownError,
  Pipeline,
  PipelineFailedError,
  defineStage,
  type AnyStageflowEvent,
} from "../src/index.js";

/** An object whose type tag cannot be computed: reading `Symbol.toStringTag` throws. */
function tagThrows(): object {
  return {
    get [Symbol.toStringTag](): string {
      throw new Error("tag getter");
    },
  };
}

/** A Proxy whose every trap throws, so even `instanceof` on it throws. */
function trapsThrow(): object {
  const trap = (): never => {
    throw new Error("trap");
  };
  return new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap });
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An Error whose `name`, `message` and `code` getters throw. */
function errorWithThrowingGetters(): Error {
  const error = new Error("hidden");
  for (const key of ["name", "message", "code"]) {
    Object.defineProperty(error, key, {
      get: () => {
        throw new Error(`${key} getter`);
      },
    });
  }
  return error;
}

async function runThrowing(value: unknown, events?: AnyStageflowEvent[]) {
  const stage = defineStage({
    name: "s",
    execute: async () => {
      await Promise.resolve();
      throw value;
    },
  });
  const options = events ? { eventSink: new CallbackEventSink((e) => events.push(e)) } : {};
  return new Pipeline("hostile").withStage(stage).run(ContextSnapshot.create(), options);
}

describe("values that throw when inspected", () => {
  const cases: Array<[string, () => object]> = [
    ["an object whose type tag getter throws", tagThrows],
    ["a Proxy whose traps throw", trapsThrow],
    ["a revoked Proxy", revoked],
  ];

  it.each(cases)(
    "a stage throwing %s fails with a NonErrorThrownError, with or without a sink",
    async (_, make) => {
      for (const events of [undefined, [] as AnyStageflowEvent[]]) {
        const result = await runThrowing(make(), events);
        expect(result.status).toBe("failed");
        expect(result.errors[0]?.error).toBeInstanceOf(NonErrorThrownError);
        expect(result.errors[0]?.error.message).toMatch(/^Stage "s" threw an object \(\[object Object\]\)/);
        if (events) expect(events.at(-1)?.type).toBe("pipeline.failed");
      }
    },
  );

  it("an Error whose getters throw is recorded as it is, and its events and summary still come out", async () => {
    const error = errorWithThrowingGetters();
    const events: AnyStageflowEvent[] = [];
    const result = await runThrowing(error, events);
    expect(result.status).toBe("failed");
    expect(result.errors[0]?.error).toBe(error);
    const failed = events.find((e) => e.type === "stage.failed");
    expect(failed?.data).toMatchObject({ error: { name: "Error", message: "[object Error]" } });
    expect(events.at(-1)?.type).toBe("pipeline.failed");
    expect(() => result.throwIfFailed()).toThrow(PipelineFailedError);
  });

  it("a when condition that throws such a value fails its stage", async () => {
    const stage = defineStage({ name: "gated", execute: () => "ran" });
    const result = await new Pipeline("p")
      .withStage(stage, {
        when: () => {
          throw trapsThrow();
        },
      })
      .run(ContextSnapshot.create());
    expect(result.stages.gated?.status).toBe("fail");
    expect(result.stages.gated?.error).toBeInstanceOf(NonErrorThrownError);
  });

  it.each([
    ["already aborted", true],
    ["aborted mid-run", false],
  ])("an abort reason that cannot be described still cancels the run (%s)", async (_, early) => {
    const controller = new AbortController();
    if (early) controller.abort(tagThrows());
    let sawAbort = false;
    const waits = defineStage({
      name: "waits",
      execute: (ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener("abort", () => {
            sawAbort = true;
            resolve();
          });
          if (!early) controller.abort(revoked());
        }),
    });
    const result = await new Pipeline("p")
      .withStage(waits)
      .run(ContextSnapshot.create(), { signal: controller.signal });
    expect(result.status).toBe("cancelled");
    expect(result.cancelReason?.message).toMatch(/the run's signal was aborted \(\[object Object\]\)/);
    expect(sawAbort).toBe(!early);
  });
});

describe("a when condition that returns a promise", () => {
  it("fails its stage with an InvalidOptionsError instead of running it on a truthy promise", async () => {
    const stage = defineStage({ name: "gated", execute: () => "ran" });
    const asyncWhen = (async () => false) as unknown as () => boolean;
    const result = await new Pipeline("p")
      .withStage(stage, { when: asyncWhen })
      .run(ContextSnapshot.create());
    expect(result.output("gated")?.data).toBeUndefined();
    const error = result.stages.gated?.error;
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error?.message).toContain('Pipeline.withStage("gated"): its when condition returned a promise');
  });
});

describe("snapshot data that throws when read", () => {
  function issuesOf(init: object): Array<{ path: string; message: string }> {
    try {
      ContextSnapshot.create(init);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSnapshotError);
      return [...(error as InvalidSnapshotError).issues];
    }
    throw new Error("expected an InvalidSnapshotError");
  }

  it("reports a throwing getter at its path without echoing the thrown text", () => {
    const metadata = {
      ok: 1,
      get secret(): string {
        throw new Error("token=abc");
      },
    };
    const issues = issuesOf({ metadata });
    expect(issues).toEqual([
      { path: "metadata.secret", message: "could not be read (a getter or Proxy trap threw)" },
    ]);
  });

  it("reports a Proxy whose traps throw, a revoked Proxy and a throwing array entry", () => {
    const list = [1];
    Object.defineProperty(list, 0, {
      get: () => {
        throw new Error("no");
      },
    });
    const issues = issuesOf({ metadata: { a: trapsThrow(), b: revoked(), list } });
    expect(issues.map((i) => i.path)).toEqual(["metadata.a", "metadata.b", "metadata.list[0]"]);
    expect(() => ContextSnapshot.create(revoked())).toThrow(InvalidSnapshotError);
  });

  it("rejects symbol keys, which JSON would drop silently", () => {
    const issues = issuesOf({ metadata: { [Symbol("k")]: 1, a: 1 } });
    expect(issues).toEqual([{ path: "metadata", message: "symbol keys are not JSON" }]);
  });
});
