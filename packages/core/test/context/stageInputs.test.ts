import { describe, expect, it } from "vitest";
import {
  createStageContext,
  StageflowError,
  StageOutput,
  UndeclaredDependencyError,
  defineStage,
} from "../../src/index.js";

describe("StageInputs", () => {
  const retrieve = defineStage({ name: "retrieve", execute: () => ({ docs: ["d1"] }) });
  const ctx = createStageContext({
    stageName: "answer",
    inputs: {
      retrieve: StageOutput.ok({ docs: ["d1"], empty: undefined }),
      profile: StageOutput.skip("no user"),
    },
  });

  it("reads declared dependencies by name or by stage object", () => {
    expect(ctx.inputs.names).toEqual(["retrieve", "profile"]);
    expect(ctx.inputs.get("retrieve")?.data).toEqual({ docs: ["d1"], empty: undefined });
    expect(ctx.inputs.require(retrieve).data.docs).toEqual(["d1"]);
    expect(ctx.inputs.has("profile")).toBe(true);
    expect(ctx.inputs.get("profile")?.reason).toBe("no user");
  });

  it("requires a dependency that completed with ok, and says what happened to one that did not", () => {
    try {
      ctx.inputs.require("profile");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StageflowError);
      expect((error as StageflowError).code).toBe("MISSING_INPUT");
      expect((error as Error).message).toBe(
        'Stage "answer" requires the output of "profile", which did not complete (status: skip, no user). ' +
          'Use ctx.inputs.get("profile") to read an output of any status, or none.',
      );
    }
  });

  it("returns each dependency's own output in any reading order, inside a run", async () => {
    const { Pipeline, ContextSnapshot } = await import("../../src/index.js");
    const sources = ["d", "b", "a", "c"].map((name) =>
      defineStage({ name, execute: () => name.toUpperCase() }),
    );
    const reads: string[][] = [];
    const orders = [
      ["c", "a", "d", "b"], // declaration order (not the graph's order)
      ["b", "d", "a", "c"], // reversed
      ["c", "c", "b", "b", "a"], // repeated
      ["a", "memory", "d", "c"], // an undeclared read in between
    ];
    const reader = defineStage({
      name: "reader",
      execute: (c) => {
        for (const order of orders) {
          reads.push(
            order.map((name) => {
              try {
                return String(c.inputs.get(name)?.data);
              } catch (error) {
                return (error as Error).name;
              }
            }),
          );
        }
        return [...c.inputs.names];
      },
    });
    let pipeline = new Pipeline("p");
    for (const s of sources) pipeline = pipeline.withStage(s);
    const result = await pipeline
      .withStage(reader, { dependsOn: ["c", "a", "d", "b"] })
      .run(ContextSnapshot.create());
    expect(result.output("reader")?.data).toEqual(["c", "a", "d", "b"]);
    expect(reads).toEqual([
      ["C", "A", "D", "B"],
      ["B", "D", "A", "C"],
      ["C", "C", "B", "B", "A"],
      ["A", "UndeclaredDependencyError", "D", "C"],
    ]);
  });

  it("reads one field with getFrom, falling back to the default when absent", () => {
    expect(ctx.inputs.getFrom("retrieve", "docs")).toEqual(["d1"]);
    expect(ctx.inputs.getFrom("retrieve", "missing", 3)).toBe(3);
    expect(ctx.inputs.getFrom("retrieve", "empty", "dflt")).toBe("dflt");
    expect(ctx.inputs.getFrom("profile", "anything", null)).toBeNull();
    expect(ctx.inputs.getFrom("retrieve", "toString")).toBeUndefined();
  });

  it("throws UndeclaredDependencyError listing the declared dependencies for any other stage", () => {
    for (const read of [
      () => ctx.inputs.get("memory"),
      () => ctx.inputs.has("memory"),
      () => ctx.inputs.require("memory"),
      () => ctx.inputs.getFrom("memory", "x"),
    ]) {
      expect(read).toThrow(UndeclaredDependencyError);
      expect(read).toThrow(
        'Stage "answer" read the output of "memory", which it does not depend on. Declared dependencies: "retrieve", "profile".',
      );
    }
  });

  it("tells a missing output apart from an undeclared one", () => {
    const pruned = createStageContext({ stageName: "merge", inputs: {} });
    expect(() => pruned.inputs.get("x")).toThrow(/Declared dependencies: none/);
  });

  it("throws MISSING_INPUT from require when a declared dependency produced no output", async () => {
    const { Pipeline, ContextSnapshot, StageKind } = await import("../../src/index.js");
    let error: unknown;
    const router = defineStage({
      name: "router",
      kind: StageKind.ROUTE,
      execute: () => StageOutput.ok({ route: "b" }),
    });
    const merge = defineStage({
      name: "merge",
      execute: (c) => {
        expect(c.inputs.get("a")).toBeUndefined();
        expect(c.inputs.has("a")).toBe(false);
        try {
          c.inputs.require("a");
        } catch (e) {
          error = e;
        }
      },
    });
    await new Pipeline("p")
      .withStage(router)
      .withStage(defineStage({ name: "a", execute: () => 1 }), { dependsOn: [router] })
      .withStage(defineStage({ name: "b", execute: () => 2 }), { dependsOn: [router] })
      .withStage(merge, { dependsOn: ["a", "b"] })
      .run(ContextSnapshot.create());
    expect(error).toBeInstanceOf(StageflowError);
    expect((error as StageflowError).code).toBe("MISSING_INPUT");
    expect((error as Error).message).toContain('requires the output of "a", which produced none');
  });
});
