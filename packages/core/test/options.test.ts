import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  assertKnownOptions,
  assertKnownStageNames,
  closestMatch,
  InvalidOptionsError,
  Pipeline,
  defineStage,
} from "../src/index.js";

const stage = defineStage({ name: "a", execute: () => 1 });

describe("options validation", () => {
  describe("closestMatch", () => {
    it("matches Python spellings, case and separator differences, typos and abbreviations", () => {
      const keys = ["dependsOn", "when", "interceptors", "timeoutMs", "branch"];
      expect(closestMatch("depends_on", keys)).toBe("dependsOn");
      expect(closestMatch("DEPENDS-ON", keys)).toBe("dependsOn");
      expect(closestMatch("timeout_ms", keys)).toBe("timeoutMs");
      expect(closestMatch("timeout", keys)).toBe("timeoutMs");
      expect(closestMatch("intercepters", keys)).toBe("interceptors");
      expect(closestMatch("wen", keys)).toBe("when");
    });

    it("matches a key with a word in front of a valid one", () => {
      expect(closestMatch("failure_mode", ["mode", "optional", "isRecoverable"])).toBe("mode");
      expect(closestMatch("stageTimeoutMs", ["dependsOn", "timeoutMs"])).toBe("timeoutMs");
      expect(closestMatch("xmode", ["mode"])).toBe("mode");
      expect(closestMatch("errorMode", ["or"])).toBeUndefined();
    });

    it("returns undefined when nothing is close", () => {
      expect(closestMatch("colour", ["dependsOn", "when"])).toBeUndefined();
      expect(closestMatch("x", [])).toBeUndefined();
    });
  });

  describe("assertKnownOptions", () => {
    it("accepts known keys and undefined, and rejects non-objects", () => {
      expect(() => assertKnownOptions("Thing", { a: 1 }, ["a", "b"])).not.toThrow();
      expect(() => assertKnownOptions("Thing", undefined, ["a"])).not.toThrow();
      expect(() => assertKnownOptions("Thing", null, ["a"])).toThrow(
        "Thing: expected an options object, got null.",
      );
      expect(() => assertKnownOptions("Thing", [1], ["a"])).toThrow(InvalidOptionsError);
      expect(() => assertKnownOptions("Thing", "x", ["a"])).toThrow(/got string/);
    });

    it("names the unknown key, the closest valid one and every valid key", () => {
      try {
        assertKnownOptions("RetryInterceptor", { max_attempts: 3 }, ["maxAttempts", "baseDelayMs"]);
        expect.unreachable();
      } catch (error) {
        const e = error as InvalidOptionsError;
        expect(e).toBeInstanceOf(InvalidOptionsError);
        expect(e.code).toBe("INVALID_OPTIONS");
        expect(e.where).toBe("RetryInterceptor");
        expect(e.message).toBe(
          'RetryInterceptor: unknown option "max_attempts". Did you mean "maxAttempts"? Valid options: maxAttempts, baseDelayMs.',
        );
      }
    });
  });

  it("validates options where they enter: withStage, Pipeline and run", async () => {
    expect(() => new Pipeline("p").withStage(stage, { depends_on: ["x"] } as never)).toThrow(
      'Pipeline.withStage("a"): unknown option "depends_on". Did you mean "dependsOn"?',
    );
    expect(() => new Pipeline("p", { plugin: [] } as never)).toThrow(/Did you mean "plugins"\?/);
    expect(() => new Pipeline("p", { eventSink: {} } as never)).toThrow(
      'Pipeline: "eventSink" is not an option here. It is an option of graph.run(snapshot, options).',
    );
    await expect(new Pipeline("p").withStage(stage).run(undefined as never)).rejects.toThrow(
      InvalidOptionsError,
    );
  });

  it("rejects a signal that only looks like one, and says what a bad abortGraceMs was", async () => {
    const graph = new Pipeline("p").withStage(stage).build();
    const snapshot = ContextSnapshot.create();
    await expect(graph.run(snapshot, { signal: { aborted: false } as never })).rejects.toThrow(
      "StageGraph.run: signal must be an AbortSignal (controller.signal).",
    );
    await expect(graph.run(snapshot, { abortGraceMs: Number.NaN })).rejects.toThrow(
      "abortGraceMs must be a number ≥ 0, got NaN.",
    );
    const result = await graph.run(snapshot, { signal: new AbortController().signal });
    expect(result.status).toBe("completed");
  });

  it("refuses a stage named __proto__, which would become a prototype in results keyed by name", () => {
    expect(() => new Pipeline("p").withStage(defineStage({ name: "__proto__", execute: () => 1 }))).toThrow(
      'a stage cannot be named "__proto__"',
    );
  });

  it("assertKnownStageNames throws for misspelt stages, all in one message, and accepts far names", () => {
    const graph = { pipeline: "chat", stages: ["retrieve", "generate"] };
    expect(() => assertKnownStageNames("X", "stages", ["retrieve", "charge"], graph)).not.toThrow();
    const check = (): void => assertKnownStageNames("X", "stages", ["retreive", "generat"], graph);
    expect(check).toThrow(InvalidOptionsError);
    expect(check).toThrow(
      'stages names "retreive", which is not a stage of pipeline "chat". Did you mean "retrieve"? ' +
        'stages names "generat", which is not a stage of pipeline "chat". Did you mean "generate"?',
    );
  });
});
