/**
 * @module Type tests: stage names and typed outputs flow through the builder.
 */
import { Pipeline, StageKind, defineStage, type AnyStage, type StageOutput } from "@stageflow/core";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  FluentPipelineBuilder,
  lintPipeline,
  withConditionalBranch,
  withLinearChain,
  type RouteKeyOf,
} from "@stageflow/builder";

const guard = defineStage({ name: "guard", kind: StageKind.GUARD, execute: () => undefined });
const retrieve = defineStage({
  name: "retrieve",
  kind: StageKind.ENRICH,
  output: z.object({ docs: z.array(z.string()) }),
  execute: () => ({ docs: ["a"] }),
});
const answer = defineStage({
  name: "answer",
  execute: (ctx) => {
    const docs = ctx.inputs.get(retrieve);
    expectTypeOf(docs).toEqualTypeOf<StageOutput<{ docs: string[] }> | undefined>();
    expectTypeOf(ctx.inputs.require(retrieve).data.docs).toEqualTypeOf<string[]>();
    return { text: docs?.status === "ok" ? docs.data.docs.join(",") : "" };
  },
});

describe("stage names in the builder's type", () => {
  it("accumulates the name of every stage added", () => {
    const b = new FluentPipelineBuilder("chat").stage(guard).stage(retrieve).stage(answer);
    expectTypeOf(b).toEqualTypeOf<FluentPipelineBuilder<"guard" | "retrieve" | "answer">>();
    expectTypeOf(new FluentPipelineBuilder("empty")).toEqualTypeOf<FluentPipelineBuilder<never>>();
  });

  it("keeps the literal name of a stage defined inline, in every pattern", () => {
    const b = new FluentPipelineBuilder("inline")
      .stage(defineStage({ name: "first", execute: () => 1 }))
      .linearChain(1, () => defineStage({ name: "chained", execute: () => 1 }))
      .parallel(1, () => defineStage({ name: "parallel", execute: () => 1 }))
      .conditionalBranch(
        defineStage({ name: "router", kind: StageKind.ROUTE, execute: () => ({ route: "a" }) }),
        { a: defineStage({ name: "branch_a", execute: () => 1 }) },
        defineStage({ name: "merged", execute: () => 1 }),
      );
    expectTypeOf(b).toEqualTypeOf<
      FluentPipelineBuilder<"first" | "chained" | "parallel" | "router" | "branch_a" | "merged">
    >();
  });

  it("rejects a dependsOn naming a stage that was not added, by name or by object", () => {
    const b = new FluentPipelineBuilder("chat").stage(guard);
    b.stage(retrieve, { dependsOn: ["guard"] });
    b.stage(retrieve, { dependsOn: [guard] });
    // @ts-expect-error: "gaurd" was never added
    b.stage(retrieve, { dependsOn: ["gaurd"] });
    // @ts-expect-error: the retrieve stage object was never added
    b.stage(answer, { dependsOn: [retrieve] });
    // @ts-expect-error: nothing has been added to a new builder
    new FluentPipelineBuilder("x").stage(guard, { dependsOn: ["guard"] });
    // @ts-expect-error: a typo in a chain's firstDependsOn
    b.linearChain(2, (i) => defineStage({ name: `s${i}`, execute: () => i }), { firstDependsOn: ["guards"] });
    // @ts-expect-error: a typo in a parallel group's dependsOn
    b.parallel(2, (i) => defineStage({ name: `p${i}`, execute: () => i }), { dependsOn: ["guards"] });
  });

  it("adds names from every pattern", () => {
    const router = defineStage({ name: "router", kind: StageKind.ROUTE, execute: () => ({ route: "a" }) });
    const b = new FluentPipelineBuilder("all")
      .fanOutFanIn(guard, 3, (i) => defineStage({ name: `worker_${i}`, execute: () => i }), retrieve)
      .conditionalBranch(router, { a: answer }, defineStage({ name: "merge", execute: () => 1 }));
    expectTypeOf(b).toEqualTypeOf<
      FluentPipelineBuilder<"guard" | `worker_${number}` | "retrieve" | "router" | "answer" | "merge">
    >();
    b.stage(defineStage({ name: "after", execute: () => 1 }), { dependsOn: ["worker_2", "merge"] });
    // @ts-expect-error: not a worker name
    b.stage(defineStage({ name: "after", execute: () => 1 }), { dependsOn: ["workers_2"] });
  });

  it("keeps template-literal names from factories, so a wrong prefix is still an error", () => {
    const b = new FluentPipelineBuilder("etl").linearChain(5, (i) =>
      defineStage({ name: `step_${i}`, execute: () => i }),
    );
    expectTypeOf(b).toEqualTypeOf<FluentPipelineBuilder<`step_${number}`>>();
    b.stage(defineStage({ name: "load", execute: () => 1 }), { dependsOn: ["step_4"] });
    // @ts-expect-error: wrong prefix
    b.stage(defineStage({ name: "load", execute: () => 1 }), { dependsOn: ["stp_4"] });
  });

  it("keeps names across helper functions", () => {
    function addRetrieval<TNames extends string>(builder: FluentPipelineBuilder<TNames | "guard">) {
      return builder.stage(retrieve, { dependsOn: ["guard"] });
    }
    function addAnswer<TNames extends string>(builder: FluentPipelineBuilder<TNames | "retrieve">) {
      return builder.stage(answer, { dependsOn: [retrieve] });
    }
    const b = addAnswer(addRetrieval(new FluentPipelineBuilder("chat").stage(guard)));
    expectTypeOf(b).toEqualTypeOf<FluentPipelineBuilder<"guard" | "retrieve" | "answer">>();
    const more = b.stage(defineStage({ name: "cite", execute: () => 1 }), {
      dependsOn: ["answer", retrieve],
    });
    expectTypeOf(more).toEqualTypeOf<FluentPipelineBuilder<"guard" | "retrieve" | "answer" | "cite">>();
    // @ts-expect-error: names added inside helpers are checked afterwards like any other
    more.stage(defineStage({ name: "x", execute: () => 1 }), { dependsOn: ["retreive"] });
  });

  it("degrades to string in loops instead of breaking", () => {
    const names = ["a", "b", "c"];
    let b: FluentPipelineBuilder<string> = new FluentPipelineBuilder("loop").stage(guard);
    for (const name of names)
      b = b.stage(defineStage({ name, execute: () => name }), { dependsOn: ["guard"] });
    // Any name is accepted once the names are `string`; build() checks them at run time.
    b = b.stage(answer, { dependsOn: ["c", "whatever"] });
    expectTypeOf(b.stageNames).toEqualTypeOf<readonly string[]>();
    const dynamic = defineStage({ name: names.join("_"), execute: () => 1 });
    expectTypeOf(new FluentPipelineBuilder("d").stage(dynamic)).toEqualTypeOf<
      FluentPipelineBuilder<string>
    >();
  });

  it("accepts any builder where a builder of strings is expected", () => {
    const b = new FluentPipelineBuilder("chat").stage(guard);
    expectTypeOf(b).toExtend<FluentPipelineBuilder<string>>();
    lintPipeline(b);
    lintPipeline(new Pipeline("p"));
  });
});

describe("typed outputs through the builder", () => {
  it("keeps the output type of a stage object used in dependsOn and in a dependent's inputs", () => {
    const b = new FluentPipelineBuilder("chat").stage(retrieve).stage(answer, { dependsOn: [retrieve] });
    expectTypeOf(b).toEqualTypeOf<FluentPipelineBuilder<"retrieve" | "answer">>();
    const summarise = defineStage({
      name: "summarise",
      execute: (ctx) => {
        expectTypeOf(ctx.inputs.get(answer)).toEqualTypeOf<StageOutput<{ text: string }> | undefined>();
        return ctx.inputs.require(retrieve).data.docs.length;
      },
    });
    b.stage(summarise, { dependsOn: [answer, retrieve] });
  });

  it("checks branch keys against a router's typed route", () => {
    const intent = defineStage({
      name: "intent",
      kind: StageKind.ROUTE,
      output: z.object({ route: z.enum(["search", "chat"]) }),
      execute: () => ({ route: "search" as const }),
    });
    expectTypeOf<RouteKeyOf<typeof intent>>().toEqualTypeOf<"search" | "chat">();
    const search = defineStage({ name: "web_search", execute: () => 1 });
    const chat = defineStage({ name: "small_talk", execute: () => 1 });
    const b = new FluentPipelineBuilder("c").conditionalBranch(intent, { search, chat });
    expectTypeOf(b).toEqualTypeOf<FluentPipelineBuilder<"intent" | "web_search" | "small_talk">>();
    // @ts-expect-error: the router can never emit "code", so that branch would always be pruned
    new FluentPipelineBuilder("c").conditionalBranch(intent, { search, code: chat });
    const untyped = defineStage({ name: "r", kind: StageKind.ROUTE, execute: () => ({ route: "anything" }) });
    expectTypeOf<RouteKeyOf<typeof untyped>>().toEqualTypeOf<string>();
    new FluentPipelineBuilder("c").conditionalBranch(untyped, { any_key: search });
    // A branch map built at run time degrades to string names instead of failing to compile.
    const dynamic: Record<string, AnyStage> = Object.fromEntries([["k", search]]);
    expectTypeOf(new FluentPipelineBuilder("c").conditionalBranch(untyped, dynamic)).toEqualTypeOf<
      FluentPipelineBuilder<string>
    >();
  });
});

describe("free helpers", () => {
  it("return the pipeline they were given", () => {
    const pipeline = new Pipeline("p");
    expectTypeOf(
      withLinearChain(pipeline, 2, (i) => defineStage({ name: `s${i}`, execute: () => i })),
    ).toEqualTypeOf<Pipeline>();
    const router = defineStage({ name: "r", kind: StageKind.ROUTE, execute: () => ({ route: "x" }) });
    expectTypeOf(withConditionalBranch(pipeline, router, { x: guard })).toEqualTypeOf<Pipeline>();
  });
});
