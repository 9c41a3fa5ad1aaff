/**
 * @module Stageflow core, bare (no sink, no interceptors) and fully equipped.
 */
import {
  ContextSnapshot,
  defineStage,
  Pipeline,
  TimeoutInterceptor,
  type Interceptor,
  type PipelineResult,
  type StageContext,
  type StageGraph,
} from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";
import { RecordingEventSink } from "@stageflow/testing";
import type { Shape } from "../shapes.js";
import type { BenchSystem, Prepared, Probe } from "./system.js";

/** The stage body: one more than the largest upstream value, read through `ctx.inputs`. */
async function execute(ctx: StageContext): Promise<number> {
  const inputs = ctx.inputs;
  let m = 0;
  for (const name of inputs.names) {
    const v = inputs.get(name)?.data as number;
    if (v > m) m = v;
  }
  return m + 1;
}

/** Interceptors of the fully equipped configuration: attached to every stage, never triggered. */
export function equippedInterceptors(): Interceptor[] {
  return [new RetryInterceptor({ maxAttempts: 3 }), new TimeoutInterceptor({ timeoutMs: 60_000 })];
}

function buildGraph(
  shape: Shape,
  interceptors: readonly Interceptor[],
  probe: Probe | undefined,
): StageGraph {
  const pipeline = new Pipeline(`bench-${shape.family}`, { interceptors });
  const body =
    probe === undefined
      ? execute
      : (ctx: StageContext): Promise<number> => {
          probe();
          return execute(ctx);
        };
  shape.deps.forEach((deps, i) => {
    const stage = defineStage({ name: shape.names[i]!, execute: body });
    pipeline.withStage(stage, { dependsOn: deps.map((d) => shape.names[d]!) });
  });
  return pipeline.build();
}

function prepare(shape: Shape, equipped: boolean, probe: Probe | undefined): Prepared<PipelineResult> {
  const graph = buildGraph(shape, equipped ? equippedInterceptors() : [], probe);
  const last = shape.names[shape.stages - 1]!;
  return {
    run: () => {
      const snapshot = ContextSnapshot.create({ inputText: "bench" });
      return equipped ? graph.run(snapshot, { eventSink: new RecordingEventSink() }) : graph.run(snapshot);
    },
    lastValue: (result) => {
      if (result.status !== "completed") throw new Error(`stageflow run ${result.status}`);
      return result.require<number>(last).data;
    },
  };
}

/** Stageflow core with no sink and no interceptors. */
export const coreSystem: BenchSystem = {
  id: "core",
  label: "Stageflow core",
  prepare: (shape, probe) => prepare(shape, false, probe),
};

/** Stageflow with a recording sink plus retry and timeout interceptors that never fire. */
export const equippedSystem: BenchSystem = {
  id: "equipped",
  label: "Stageflow fully equipped",
  prepare: (shape, probe) => prepare(shape, true, probe),
};
