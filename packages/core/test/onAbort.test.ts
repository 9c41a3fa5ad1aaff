import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { onAbort, systemClock } from "../src/index.js";

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
