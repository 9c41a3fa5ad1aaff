/**
 * @module Property tests: random builder operation sequences against a model of the tail rule.
 */
import { StageKind } from "@stageflow/core";
import { createTestSnapshot } from "@stageflow/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { expectDependenciesFirst, recorder, router, step } from "./helpers.js";

type Op =
  | { readonly op: "stage" }
  | { readonly op: "chain"; readonly count: number }
  | { readonly op: "parallel"; readonly count: number }
  | { readonly op: "fan"; readonly count: number }
  | {
      readonly op: "branch";
      readonly keys: number;
      readonly route: readonly number[];
      readonly merge: boolean;
    };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ op: "stage" as const }),
  fc.record({ op: fc.constant("chain" as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant("parallel" as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant("fan" as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    op: fc.constant("branch" as const),
    keys: fc.integer({ min: 1, max: 3 }),
    route: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
    merge: fc.boolean(),
  }),
);

/** Applies the ops to a builder and, independently, to a model of the tail rule. */
function apply(ops: readonly Op[]) {
  let b: FluentPipelineBuilder<string> = new FluentPipelineBuilder("random");
  const model = new Map<string, string[]>();
  let tail: string[] = [];
  let n = 0;
  const fresh = (): string => `s${n++}`;
  for (const o of ops) {
    if (o.op === "stage") {
      const name = fresh();
      b = b.stage(step(name));
      model.set(name, tail);
      tail = [name];
    } else if (o.op === "chain" || o.op === "parallel") {
      const names = Array.from({ length: o.count }, fresh);
      b =
        o.op === "chain"
          ? b.linearChain(o.count, (i) => step(names[i] as string))
          : b.parallel(o.count, (i) => step(names[i] as string));
      names.forEach((name, i) =>
        model.set(name, o.op === "parallel" || i === 0 ? tail : [names[i - 1] as string]),
      );
      tail = o.op === "chain" ? [names.at(-1) as string] : names;
    } else if (o.op === "fan") {
      const [split, gather] = [fresh(), fresh()];
      const workers = Array.from({ length: o.count }, fresh);
      b = b.fanOutFanIn(step(split), o.count, (i) => step(workers[i] as string), step(gather));
      model.set(split, tail);
      for (const w of workers) model.set(w, [split]);
      model.set(gather, workers);
      tail = [gather];
    } else {
      const r = fresh();
      const keys = Array.from({ length: o.keys }, (_, i) => `k${i}`);
      const branchNames = keys.map(fresh);
      const merge = o.merge ? fresh() : undefined;
      const branches = Object.fromEntries(keys.map((k, i) => [k, step(branchNames[i] as string)]));
      b = b.conditionalBranch(
        router(
          r,
          o.route.map((i) => `k${i}`),
        ),
        branches,
        merge === undefined ? undefined : step(merge),
      );
      model.set(r, tail);
      for (const name of branchNames) model.set(name, [r]);
      if (merge !== undefined) model.set(merge, branchNames);
      tail = merge === undefined ? branchNames : [merge];
    }
  }
  return { builder: b, model };
}

describe("builder properties (random operation sequences)", () => {
  it("wires every stage exactly as the tail rule says", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
        const { builder, model } = apply(ops);
        const built = Object.fromEntries(builder.build().stages.map((s) => [s.name, [...s.dependsOn]]));
        expect(built).toEqual(Object.fromEntries(model));
      }),
      { numRuns: 150 },
    );
  });

  it("runs to completion with each stage started only after its dependencies settled", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (ops) => {
        const { builder } = apply(ops);
        const sink = recorder();
        const result = await builder.run(createTestSnapshot(), { eventSink: sink });
        expect(result.status).toBe("completed");
        expectDependenciesFirst(builder.build(), sink);
        const description = builder.describe();
        expect(description.stageCount).toBe(builder.build().stageNames.length);
        expect(description.criticalPath.length).toBe(description.depth);
      }),
      { numRuns: 60 },
    );
  });

  it("keeps kinds visible in pictures for every stage", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), (ops) => {
        const { builder } = apply(ops);
        const mermaid = builder.toMermaid();
        for (const info of builder.build().stages)
          expect(mermaid).toContain(`"${info.name}<br/>${info.kind}"`);
        const routes = builder.build().stages.filter((s) => s.kind === StageKind.ROUTE).length;
        expect((mermaid.match(/-\.->/g) ?? []).length).toBeGreaterThanOrEqual(routes);
      }),
      { numRuns: 60 },
    );
  });
});
