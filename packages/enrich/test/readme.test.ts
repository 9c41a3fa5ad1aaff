import { afterEach, describe, expect, it, vi } from "vitest";
import { readme, sample } from "./readmeSample.js";

/** Imports `load`'s module with `console.log` captured, returning the module and the printed values. */
async function printing<T>(load: () => Promise<T>): Promise<{ loaded: T; printed: unknown[] }> {
  const printed: unknown[] = [];
  vi.spyOn(console, "log").mockImplementation((value: unknown) => void printed.push(value));
  return { loaded: await load(), printed };
}

describe("README", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows the ContextUtilization sample verbatim, and it prints what its comments say", async () => {
    expect(readme).toContain(sample("contextUtilization.ts", "budget"));
    const { printed } = await printing(() => import("./examples/contextUtilization.js"));
    expect(printed).toEqual([true, false, false, 5800, 1200 / 7000, 6000]);
  });

  it("shows the custom tokenizer verbatim, and it counts as its comment says", async () => {
    expect(readme).toContain(sample("customTokenizer.ts"));
    const { printed } = await printing(() => import("./examples/customTokenizer.js"));
    expect(printed).toEqual([4]);
  });

  it("shows the TruncationTracker sample verbatim: the record, the summary and the event", async () => {
    expect(readme).toContain(sample("truncationTracker.ts", "tracker"));
    const { event, eventSink, tracker } = await import("./examples/truncationTracker.js");
    expect(event).toMatchObject({ tokensRemoved: 400, strategy: "tail", metadata: { docId: "kb:refunds" } });
    expect(event.preservedRatio).toBeCloseTo(0.667, 3);
    expect(tracker.getSummary()).toMatchObject({
      eventCount: 1,
      totalTokensRemoved: 400,
      strategiesUsed: { tail: 1 },
      contentTypes: { documents: 1 },
    });
    expect(eventSink.ofType("context.truncation")).toMatchObject([{ stage: "answer", data: event }]);
  });

  it("shows the VersionMetadata sample verbatim, and it prints what its comments say", async () => {
    expect(readme).toContain(sample("versionMetadata.ts", "meta"));
    const { loaded, printed } = await printing(() => import("./examples/versionMetadata.js"));
    const [version, checksum, stale, staleLater, staleCopy] = printed;
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(version).toBe(`sha256:${(checksum as string).slice(0, 12)}`);
    expect([stale, staleLater, staleCopy]).toEqual([false, true, true]);
    expect(loaded.meta.matches(loaded.docs)).toBe(true);
  });

  it("shows the ConflictDetector sample verbatim, and each strategy resolves as configured", async () => {
    expect(readme).toContain(sample("conflictDetector.ts", "detector"));
    const { loaded, printed } = await printing(() => import("./examples/conflictDetector.js"));
    expect(printed).toEqual([
      {
        hasConflict: true,
        field: "tags",
        oldValue: ["a"],
        newValue: ["b", "a"],
        resolution: "merge",
        mergedValue: ["a", "b"],
      },
    ]);
    const { detector } = loaded;
    expect(detector.checkAndResolve("score", 3, 5).mergedValue).toBe(5);
    expect(detector.checkAndResolve("profile.tier", "gold", "free").mergedValue).toBe("gold");
    expect(detector.checkAndResolve("lang", "en", "fr").mergedValue).toBe("fr");
  });
});
