import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ContextSnapshot,
  defineStage,
  InvalidOptionsError,
  InvalidStageOutputError,
  NonErrorThrownError,
  Pipeline,
  StageKind,
  StageOutput,
  type Stage,
} from "../src/index.js";

const run = async (stage: Stage<unknown, string>) =>
  new Pipeline("p").withStage(stage).run(ContextSnapshot.create());

describe("defineStage", () => {
  it("returns a frozen stage with a default kind", () => {
    const stage = defineStage({ name: "s", execute: () => 1 });
    expect(stage.kind).toBe("transform");
    expect(Object.isFrozen(stage)).toBe(true);
    expect(defineStage({ name: "r", kind: StageKind.ROUTE, execute: () => undefined }).kind).toBe("route");
  });

  it("calls execute as a method: of the definition for defineStage, of the stage object otherwise", async () => {
    const definition = {
      name: "defined",
      execute(this: { name: string }) {
        return `${this.name} ran`;
      },
    };
    const defined = defineStage(definition);
    const pipelineResult = await run(defined);
    expect(pipelineResult.output("defined")?.data).toBe("defined ran");
    // The stage's own execute forwards to the definition too, for callers outside a run.
    expect(defined.execute(undefined as never)).toBe("defined ran");

    const handWritten = {
      name: "hand",
      kind: StageKind.TRANSFORM,
      label: "from the stage object",
      execute(this: { label: string }) {
        return this.label;
      },
    };
    const result = await run(handWritten);
    expect(result.output("hand")?.data).toBe("from the stage object");
  });

  it("validates the definition, naming the closest key", () => {
    expect(() => defineStage({ name: "s", execute: () => 1, depends_on: ["x"] } as never)).toThrow(
      InvalidOptionsError,
    );
    // Options of withStage put on the stage say where they belong.
    expect(() => defineStage({ name: "s", execute: () => 1, depends_on: ["x"] } as never)).toThrow(
      /"depends_on" is not an option here\. Did you mean "dependsOn"\? That is an option of pipeline\.withStage\(stage, options\)/,
    );
    expect(() => defineStage({ name: "s", execute: () => 1, timeoutMs: 5 } as never)).toThrow(
      /^defineStage: "timeoutMs" is not an option here\. It is an option of pipeline\.withStage\(stage, options\)\. Valid options: name, kind, output, execute\.$/,
    );
    expect(() => defineStage({ name: "s", exec: () => 1 } as never)).toThrow(/Did you mean "execute"\?/);
    expect(() => defineStage({ name: "", execute: () => 1 })).toThrow(/non-empty string name/);
    expect(() => defineStage({ name: "s", kind: "magic" as never, execute: () => 1 })).toThrow(
      /unknown kind "magic"/,
    );
    expect(() => defineStage({ name: "s" } as never)).toThrow(/needs an execute\(ctx\) function/);
    expect(() => defineStage({ name: "s", output: {}, execute: () => 1 } as never)).toThrow(
      /not a Standard Schema/,
    );
  });

  describe("return values", () => {
    it("normalises plain values and undefined to ok, freezing returned data", async () => {
      const plain = await run(defineStage({ name: "plain", execute: () => ({ a: { b: [1] } }) }));
      const output = plain.require<{ a: { b: number[] } }>("plain");
      expect(output.status).toBe("ok");
      expect(output.data).toEqual({ a: { b: [1] } });
      expect(Object.isFrozen(output.data.a.b)).toBe(true);
      const nothing = await run(defineStage({ name: "nothing", execute: async () => undefined }));
      expect(nothing.output("nothing")).toMatchObject({ status: "ok", data: undefined });
      const primitive = await run(defineStage({ name: "n", execute: () => 42 }));
      expect(primitive.output("n")?.data).toBe(42);
    });

    it("keeps a StageOutput as returned", async () => {
      const out = StageOutput.ok(
        { x: 1 },
        { artifacts: [{ type: "citation", payload: "doc-1" }], durationMs: 5 },
      );
      const result = await run(defineStage({ name: "s", execute: () => out }));
      expect(result.output("s")).toBe(out);
    });

    it("fails a stage that returns a function", async () => {
      const result = await run(defineStage({ name: "fn", execute: () => (() => 1) as never }));
      expect(result.stages.fn?.error).toBeInstanceOf(InvalidStageOutputError);
      expect(result.stages.fn?.error?.message).toContain("a function is not a stage result");
      expect(result.stages.fn?.error?.message).toContain(
        'Stage "fn" returned an output that cannot be recorded',
      );
    });

    it("fails a stage whose data is nested too deeply to freeze with an InvalidStageOutputError", async () => {
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 200_000; i++) deep = { next: deep };
      const result = await run(defineStage({ name: "deep", execute: () => deep }));
      expect(result.stages.deep?.error).toBeInstanceOf(InvalidStageOutputError);
      expect(result.stages.deep?.error?.message).toContain("data nested too deeply to freeze");
    });

    it("wraps a non-Error throw in NonErrorThrownError that keeps the thrown value", async () => {
      for (const thrown of ["plain string", 42, { code: 1 }, null, undefined]) {
        const result = await run(
          defineStage({
            name: "thrower",
            execute: () => {
              throw thrown;
            },
          }),
        );
        const error = result.stages.thrower?.error as NonErrorThrownError;
        expect(error).toBeInstanceOf(NonErrorThrownError);
        expect(error.thrown).toBe(thrown);
        expect(error.code).toBe("NON_ERROR_THROWN");
        expect(error.message).toMatch(/^Stage "thrower" threw .* instead of an Error/);
      }
    });

    it("wraps a non-Error rejection the same way", async () => {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the point of the test
      const result = await run(defineStage({ name: "rejecter", execute: () => Promise.reject("nope") }));
      expect(result.stages.rejecter?.error).toBeInstanceOf(NonErrorThrownError);
      expect(result.stages.rejecter?.error?.message).toContain('"nope"');
    });
  });

  describe("output schema", () => {
    const Answer = z.object({ answer: z.string(), sources: z.array(z.object({ id: z.number() })) });

    it("validates ok data at the boundary and keeps the schema's parsed value", async () => {
      const trimmed = z.object({ text: z.string().trim() });
      const result = await run(
        defineStage({ name: "s", output: trimmed, execute: () => ({ text: "  hi  " }) }),
      );
      expect(result.output("s")?.data).toEqual({ text: "hi" });
      expect(Object.isFrozen(result.output("s")?.data)).toBe(true);
    });

    it("fails the stage with InvalidStageOutputError naming every bad path", async () => {
      const bad = defineStage({
        name: "answer",
        output: Answer,
        execute: () => ({ answer: 5, sources: [{ id: 1 }, { id: "two" }] }) as never,
      });
      const result = await run(bad);
      expect(result.status).toBe("failed");
      const error = result.stages.answer?.error as InvalidStageOutputError;
      expect(error).toBeInstanceOf(InvalidStageOutputError);
      expect(error.stage).toBe("answer");
      expect(error.issues.map((i) => i.path)).toEqual(["answer", "sources.1.id"]);
      expect(error.message).toContain("data.answer:");
      expect(error.message).toContain("data.sources.1.id:");
    });

    it("does not validate skip, cancel or fail outputs", async () => {
      const skipper = defineStage({
        name: "s",
        output: Answer,
        execute: () => StageOutput.skip("nothing", { partial: true }) as never,
      });
      expect((await run(skipper)).stages.s?.status).toBe("skip");
    });

    it("supports asynchronous Standard Schema validators", async () => {
      const asyncSchema = {
        "~standard": {
          version: 1 as const,
          vendor: "test",
          validate: async (value: unknown) =>
            typeof value === "number"
              ? { value: value * 2 }
              : { issues: [{ message: "not a number", path: ["x"] }] },
        },
      };
      const ok = await run(defineStage({ name: "s", output: asyncSchema, execute: () => 21 }));
      expect(ok.output("s")?.data).toBe(42);
      const bad = await run(defineStage({ name: "s", output: asyncSchema, execute: () => "x" }));
      expect((bad.stages.s?.error as InvalidStageOutputError).issues).toEqual([
        { path: "x", message: "not a number" },
      ]);
    });

    it("fails the stage when the schema itself throws", async () => {
      const broken = {
        "~standard": {
          version: 1 as const,
          vendor: "test",
          validate: () => {
            throw new Error("schema bug");
          },
        },
      };
      const result = await run(defineStage({ name: "s", output: broken, execute: () => 1 }));
      expect(result.stages.s?.error?.message).toContain("the schema threw: Error: schema bug");
    });
  });
});
