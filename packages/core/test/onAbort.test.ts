import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  AbortLink,
  ContextSnapshot,
  createStageContext,
  defineStage,
  onAbort,
  Pipeline,
  systemClock,
  type Interceptor,
} from "../src/index.js";
import { VirtualClock } from "./helpers/virtualClock.js";

describe("onAbort", () => {
  it("keeps one listener on the signal however many followers it has, and calls each once", () => {
    const controller = new AbortController();
    const calls: unknown[] = [];
    const stops = Array.from({ length: 5_000 }, (_, i) =>
      onAbort(controller.signal, (reason) => calls.push([i, reason])),
    );
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    for (const stop of stops.slice(0, 4_000)) stop();
    controller.abort("stop");
    expect(calls).toHaveLength(1_000);
    expect(calls[0]).toEqual([4_000, "stop"]);
    controller.abort("again");
    expect(calls).toHaveLength(1_000);
  });

  it("calls the listener at once when the signal already aborted", () => {
    const controller = new AbortController();
    controller.abort("early");
    let seen: unknown;
    onAbort(controller.signal, (reason) => (seen = reason))();
    expect(seen).toBe("early");
  });

  it("follows a link, and stops following when asked", () => {
    const link = new AbortLink();
    const seen: unknown[] = [];
    onAbort(link, (reason) => seen.push(["kept", reason]));
    onAbort(link, (reason) => seen.push(["dropped", reason]))();
    link.abort("stop");
    expect(seen).toEqual([["kept", "stop"]]);
    onAbort(link, (reason) => seen.push(["late", reason]));
    expect(seen).toEqual([
      ["kept", "stop"],
      ["late", "stop"],
    ]);
  });

  it("follows a context: an interceptor hears its stage's run stop, and a hand-made one's signal", async () => {
    const heard: unknown[] = [];
    const listening: Interceptor = {
      name: "listening",
      intercept: (ctx, next) => {
        onAbort(ctx, (reason) => heard.push((reason as Error).message));
        return next();
      },
    };
    const polite = defineStage({ name: "polite", execute: (ctx) => ctx.clock.sleep(1_000, ctx.signal) });
    const controller = new AbortController();
    const clock = new VirtualClock();
    const running = new Pipeline("p")
      .withStage(polite, { interceptors: [listening] })
      .run(ContextSnapshot.create(), { clock, signal: controller.signal });
    await clock.advance(10);
    controller.abort(new Error("client left"));
    expect((await running).status).toBe("cancelled");
    expect(heard).toEqual([expect.stringContaining("client left")]);

    const manual = new AbortController();
    onAbort(createStageContext({ stageName: "s", signal: manual.signal }), (reason) => heard.push(reason));
    manual.abort("by hand");
    expect(heard.at(-1)).toBe("by hand");
  });

  it("lets many concurrent system-clock sleeps share one listener on a run's signal", async () => {
    const controller = new AbortController();
    const sleeps = Array.from({ length: 100 }, () => systemClock.sleep(60_000, controller.signal));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("run stopped"));
    const settled = await Promise.allSettled(sleeps);
    expect(
      settled.every((s) => s.status === "rejected" && (s.reason as Error).message === "run stopped"),
    ).toBe(true);
  });
});
