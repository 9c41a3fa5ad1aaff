/**
 * @module Type tests: pattern options, branch keys in the free function, and readable impossible types.
 */
import { Pipeline, StageKind, defineStage, type AnyStage } from "@stageflow/core";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  FluentPipelineBuilder,
  withConditionalBranch,
  withFanOutFanIn,
  type CheckedBranches,
  type NoStageInBuilderType,
  type NotARouteKey,
  type StageRefOf,
} from "@stageflow/builder";

const guard = defineStage({ name: "guard", kind: StageKind.GUARD, execute: () => undefined });
const split = defineStage({ name: "split", execute: () => 1 });
const gather = defineStage({ name: "gather", execute: () => 1 });
const worker = (i: number) => defineStage({ name: `worker_${i}`, execute: () => i });
const intent = defineStage({
  name: "intent",
  kind: StageKind.ROUTE,
  output: z.object({ route: z.enum(["search", "chat"]) }),
  execute: () => ({ route: "search" as const }),
});
const search = defineStage({ name: "web_search", execute: () => 1 });
const chat = defineStage({ name: "small_talk", execute: () => 1 });

describe("fanOutFanIn's fanOutDependsOn", () => {
  it("accepts the names and stage objects the builder knows, and rejects any other", () => {
    const b = new FluentPipelineBuilder("fan").stage(guard);
    b.fanOutFanIn(split, 2, worker, gather, { fanOutDependsOn: ["guard"] });
    b.fanOutFanIn(split, 2, worker, gather, { fanOutDependsOn: [guard] });
    b.fanOutFanIn(split, 2, worker, gather, { fanOutDependsOn: [] });
    // @ts-expect-error: "gaurd" was never added
    b.fanOutFanIn(split, 2, worker, gather, { fanOutDependsOn: ["gaurd"] });
    // @ts-expect-error: the split stage object was never added
    b.fanOutFanIn(gather, 2, worker, guard, { fanOutDependsOn: [split] });
    expectTypeOf(b.fanOutFanIn(split, 2, worker, gather, { fanOutDependsOn: [guard] })).toEqualTypeOf<
      FluentPipelineBuilder<"guard" | "split" | `worker_${number}` | "gather">
    >();
  });

  it("is the same option type as withFanOutFanIn's, over a pipeline's untyped names", () => {
    withFanOutFanIn(new Pipeline("p"), split, 2, worker, gather, { fanOutDependsOn: ["anything", guard] });
    // @ts-expect-error: an unknown option
    withFanOutFanIn(new Pipeline("p"), split, 2, worker, gather, { fanOutDependOn: [] });
  });
});

describe("withConditionalBranch's branch keys", () => {
  it("rejects a key a typed router can never emit, like the builder", () => {
    const pipeline = new Pipeline("p");
    expectTypeOf(withConditionalBranch(pipeline, intent, { search, chat })).toEqualTypeOf<Pipeline>();
    withConditionalBranch(pipeline, intent, { search }, gather, { routerDependsOn: [] });
    // @ts-expect-error: the router can never emit "code", so that branch would always be pruned
    withConditionalBranch(pipeline, intent, { search, code: chat });
    // @ts-expect-error: the same key is refused by the builder
    new FluentPipelineBuilder("c").conditionalBranch(intent, { search, code: chat });
  });

  it("accepts any key from an untyped router, or from a branch map built at run time", () => {
    const untyped = defineStage({ name: "r", kind: StageKind.ROUTE, execute: () => ({ route: "x" }) });
    const anyRouter: AnyStage = untyped;
    const dynamic: Record<string, AnyStage> = Object.fromEntries([["k", search]]);
    withConditionalBranch(new Pipeline("p"), untyped, { any_key: search });
    withConditionalBranch(new Pipeline("p"), anyRouter, { any_key: search });
    withConditionalBranch(new Pipeline("p"), intent, dynamic);
    expectTypeOf(new FluentPipelineBuilder("c").conditionalBranch(intent, dynamic)).toEqualTypeOf<
      FluentPipelineBuilder<string>
    >();
  });
});

describe("impossible types that say what is wrong", () => {
  it("types a branch key the router cannot emit as NotARouteKey, not never", () => {
    type Checked = CheckedBranches<typeof intent, { search: typeof search; code: typeof chat }>;
    expectTypeOf<Checked["code"]>().toEqualTypeOf<typeof chat & NotARouteKey>();
    expectTypeOf<Checked["search"]>().toEqualTypeOf<typeof search>();
    expectTypeOf<NotARouteKey>().toEqualTypeOf<"branch key is not a route the router can emit">();
  });

  it("types a dependency of a builder that names no stage as NoStageInBuilderType, not never", () => {
    expectTypeOf<StageRefOf<never>>().toEqualTypeOf<NoStageInBuilderType>();
    expectTypeOf<StageRefOf<"a">>().toEqualTypeOf<"a" | (AnyStage & { readonly name: "a" })>();
    const b = new FluentPipelineBuilder("unchained");
    b.stage(guard); // the result is dropped, so b's type still names no stage
    // @ts-expect-error: b is FluentPipelineBuilder<never>; chain the calls or re-assign b
    b.stage(search, { dependsOn: ["guard"] });
    // @ts-expect-error: the same with the stage object
    b.stage(search, { dependsOn: [guard] });
  });
});
