import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { AbortLink, onAbort } from "../src/index.js";

describe("AbortLink", () => {
  it("aborts with the parent's reason when the parent aborts", () => {
    const parent = new AbortController();
    const link = new AbortLink(parent.signal);
    expect(link.signal.aborted).toBe(false);
    parent.abort("run stopped");
    expect(link.aborted).toBe(true);
    expect(link.signal.reason).toBe("run stopped");
  });

  it("aborts on its own without touching the parent", () => {
    const parent = new AbortController();
    const link = new AbortLink(parent.signal);
    const reason = new Error("attempt superseded");
    link.abort(reason);
    expect(link.signal.reason).toBe(reason);
    expect(parent.signal.aborted).toBe(false);
    link.abort(new Error("second"));
    expect(link.signal.reason).toBe(reason);
  });

  it("stops following the parent once unlinked", () => {
    const parent = new AbortController();
    const link = new AbortLink(parent.signal);
    link.unlink();
    link.unlink();
    parent.abort("late");
    expect(link.signal.aborted).toBe(false);
  });

  it("is born aborted when its parent already aborted", () => {
    const link = new AbortLink(AbortSignal.abort("gone"));
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe("gone");
  });

  it("calls onAbort followers of its signal in order, after the signal aborted, without adding a listener", () => {
    const link = new AbortLink();
    const seen: unknown[] = [];
    onAbort(link.signal, (reason) => seen.push(["first", reason, link.signal.aborted]));
    const stop = onAbort(link.signal, () => seen.push(["removed"]));
    onAbort(link.signal, (reason) => seen.push(["third", reason]));
    expect(getEventListeners(link.signal, "abort")).toHaveLength(0);
    stop();
    link.abort("why");
    expect(seen).toEqual([
      ["first", "why", true],
      ["third", "why"],
    ]);
  });

  it("calls a follower at once when it registers after the link aborted", () => {
    const link = new AbortLink();
    link.abort("done");
    let seen: unknown;
    onAbort(link.signal, (reason) => (seen = reason))();
    expect(seen).toBe("done");
  });

  it("calls its followers when it aborts because its parent did", () => {
    const parent = new AbortController();
    const link = new AbortLink(parent.signal);
    const seen: unknown[] = [];
    onAbort(link.signal, (reason) => seen.push(reason));
    parent.abort("from the run");
    expect(seen).toEqual(["from the run"]);
  });

  it("still fires listeners added with addEventListener", () => {
    const link = new AbortLink();
    let fired = 0;
    link.signal.addEventListener("abort", () => fired++);
    link.abort("x");
    expect(fired).toBe(1);
  });

  it("chains run → attempt → timeout → sleep with a single listener, on the run's signal only", () => {
    const run = new AbortController();
    const attempt = new AbortLink(run.signal);
    const timeout = new AbortLink(attempt.signal);
    const sleep = new AbortLink(timeout.signal);
    const order: string[] = [];
    onAbort(sleep.signal, (reason) => order.push(`sleep:${String(reason)}`));
    onAbort(timeout.signal, () => order.push("timeout"));
    expect(getEventListeners(run.signal, "abort")).toHaveLength(1);
    for (const link of [attempt, timeout, sleep]) {
      expect(getEventListeners(link.signal, "abort")).toHaveLength(0);
    }
    run.abort("stop");
    expect(order).toEqual(["sleep:stop", "timeout"]);
    expect([attempt, timeout, sleep].every((l) => l.signal.reason === "stop")).toBe(true);
  });

  it("lets a thousand links follow one parent and leave it again", () => {
    const parent = new AbortController();
    const links = Array.from({ length: 1_000 }, () => new AbortLink(parent.signal));
    for (const link of links.slice(0, 999)) link.unlink();
    expect(getEventListeners(parent.signal, "abort")).toHaveLength(1);
    parent.abort("end");
    expect(links.filter((l) => l.aborted)).toHaveLength(1);
  });

  it("keeps registration order when its first follower left and others came, and calls a duplicate once", () => {
    const link = new AbortLink();
    const order: string[] = [];
    const a = (): number => order.push("a");
    const stopA = onAbort(link.signal, a);
    onAbort(link.signal, () => order.push("b"));
    stopA();
    onAbort(link.signal, () => order.push("c"));
    const d = (): number => order.push("d");
    const child = new AbortLink(link);
    onAbort(child.signal, d);
    onAbort(child.signal, d);
    link.abort("x");
    expect(order).toEqual(["b", "c", "d"]);
  });

  it("still calls the other followers when one throws, and reports that error from a microtask", () => {
    const reported: Array<() => void> = [];
    const spy = vi.spyOn(globalThis, "queueMicrotask").mockImplementation((job) => void reported.push(job));
    try {
      const link = new AbortLink();
      const seen: string[] = [];
      onAbort(link.signal, () => {
        throw new Error("follower broke");
      });
      onAbort(link.signal, () => seen.push("second"));
      link.abort("x");
      expect(seen).toEqual(["second"]);
      expect(reported).toHaveLength(1);
      expect(() => reported[0]?.()).toThrow("follower broke");
    } finally {
      spy.mockRestore();
    }
  });
});
