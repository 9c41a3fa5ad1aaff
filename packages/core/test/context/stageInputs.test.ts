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
    expect(ctx.inputs.get(retrieve)?.data.docs).toEqual(["d1"]);
    expect(ctx.inputs.has("profile")).toBe(true);
    expect(ctx.inputs.require("profile").reason).toBe("no user");
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
