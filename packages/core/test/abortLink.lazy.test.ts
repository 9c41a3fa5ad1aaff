import { describe, expect, it } from "vitest";
import {
  AbortLink,
  ContextSnapshot,
  createStageContext,
  defineStage,
  onAbort,
  Pipeline,
  StageOutput,
  StageTimeoutError,
  TimeoutInterceptor,
  type Interceptor,
  type StageContext,
} from "../src/index.js";
import { VirtualClock } from "./helpers/virtualClock.js";

describe("AbortLink, lazily", () => {
  it("reports an abort before its signal exists, and hands out an aborted signal afterwards", () => {
    const link = new AbortLink();
    const seen: unknown[] = [];
    onAbort(link.signal, (reason) => seen.push(reason));
    const child = new AbortLink(link);
    link.abort("early");
    expect(link.aborted).toBe(true);
    expect(child.aborted).toBe(true);
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBe("early");
    expect(seen).toEqual(["early"]);
  });

  it("gives followers and the signal the platform's AbortError when aborted without a reason", () => {
    const link = new AbortLink();
    const child = new AbortLink(link);
    link.abort();
    expect((link.signal.reason as Error).name).toBe("AbortError");
    expect(child.signal.reason).toBe(link.signal.reason);
  });

  it("finds the link owning a signal or a context, and nothing for a foreign signal", () => {
    const link = new AbortLink();
    expect(AbortLink.of(link.signal)).toBe(link);
    expect(AbortLink.of(link)).toBe(link);
    expect(AbortLink.of(new AbortController().signal)).toBeUndefined();
    expect(AbortLink.of(createStageContext({ stageName: "s" }))).toBeUndefined();
  });

  it("gives a stage under a timeout a context whose link AbortLink.of finds, with the right attempt", async () => {
    const seen: Array<{ attempt: number; link: AbortLink | undefined }> = [];
    const stage = defineStage({
      name: "s",
      execute: (ctx: StageContext) => {
        seen.push({ attempt: ctx.attempt, link: AbortLink.of(ctx) });
        return ctx.attempt < 2 ? StageOutput.fail(new Error("again")) : "done";
      },
    });
    const retryOnce: Interceptor = {
      name: "retry-once",
      priority: 200,
      intercept: async (ctx, next) => {
        const first = await next(new AbortLink(ctx).overrides(1));
        return first.status === "fail" ? next(new AbortLink(ctx).overrides(2)) : first;
      },
    };
    const clock = new VirtualClock();
    const result = await new Pipeline("p")
      .withStage(stage, { timeoutMs: 50, interceptors: [retryOnce] })
      .run(ContextSnapshot.create(), { clock });
    expect(result.output("s")?.data).toBe("done");
    expect(seen.map((s) => s.attempt)).toEqual([1, 2]);
    expect(seen.every((s) => s.link instanceof AbortLink && !s.link.aborted)).toBe(true);
    expect(clock.pendingCount).toBe(0);
  });

  it("hands a real signal to a next other than core's", async () => {
    const clock = new VirtualClock(0);
    const ctx = createStageContext({ stageName: "manual", clock });
    let handed: AbortSignal | undefined;
    const timing = new TimeoutInterceptor({ timeoutMs: 10 }).intercept(ctx, (overrides) => {
      handed = overrides?.signal;
      return new Promise(() => undefined);
    });
    await clock.advance(10);
    const output = await timing;
    expect(output.error).toBeInstanceOf(StageTimeoutError);
    expect(handed).toBeInstanceOf(AbortSignal);
    expect(handed?.reason).toBe(output.error);
  });

  it("keeps the link when a wrapping interceptor spreads the overrides into core's next", async () => {
    const clock = new VirtualClock(0);
    const timeout = new TimeoutInterceptor({ timeoutMs: 10 });
    const wrapping: Interceptor = {
      name: "wrapping",
      intercept: (ctx, next) => timeout.intercept(ctx, (overrides) => next({ ...overrides, attempt: 7 })),
    };
    let seen: StageContext | undefined;
    const hang = defineStage({
      name: "hang",
      execute: (ctx) => {
        seen = ctx;
        return new Promise(() => undefined);
      },
    });
    const running = new Pipeline("p")
      .withStage(hang, { interceptors: [wrapping] })
      .run(ContextSnapshot.create(), { clock });
    await clock.advance(10);
    const result = await running;
    expect(result.stages.hang?.error).toBeInstanceOf(StageTimeoutError);
    expect(seen?.attempt).toBe(7);
    expect(seen?.signal.reason).toBe(result.stages.hang?.error);
  });
});
