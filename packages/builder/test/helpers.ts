/**
 * @module Shared fixtures for the builder's tests: recording stages and event-order helpers.
 */
import {
  StageKind,
  StageOutput,
  defineStage,
  type AnyStage,
  type Pipeline,
  type StageGraph,
} from "@stageflow/core";
import { RecordingEventSink } from "@stageflow/testing";
import { expect } from "vitest";

/** A stage that outputs the names of the dependencies it actually received (not pruned). */
export function step(name: string, kind: StageKind = StageKind.TRANSFORM): AnyStage {
  return defineStage({
    name,
    kind,
    execute: (ctx) => ({ saw: ctx.inputs.names.filter((dep) => ctx.inputs.has(dep)) }),
  });
}

/** A ROUTE stage that selects `route` (a key, an array of keys, or nothing). */
export function router(name: string, route: string | readonly string[] | undefined): AnyStage {
  return defineStage({
    name,
    kind: StageKind.ROUTE,
    execute: () => (route === undefined ? StageOutput.ok({}) : StageOutput.ok({ route })),
  });
}

/** Names in `stage.started` order. */
export function startOrder(sink: RecordingEventSink): string[] {
  return sink.ofType("stage.started").map((e) => e.stage as string);
}

/**
 * Asserts, from the recorded events, that every started stage started after each of its dependencies
 * had settled (completed or skipped), and that every stage of the graph settled.
 */
export function expectDependenciesFirst(graph: StageGraph, sink: RecordingEventSink): void {
  const events = sink.events;
  const settledAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.stage === undefined) return;
    if (e.type === "stage.started") startedAt.set(e.stage, i);
    if (e.type === "stage.completed" || e.type === "stage.skipped") settledAt.set(e.stage, i);
  });
  for (const info of graph.stages) {
    expect(settledAt.has(info.name), `${info.name} settled`).toBe(true);
    const started = startedAt.get(info.name);
    if (started === undefined) continue;
    for (const dep of info.dependsOn) {
      expect(settledAt.get(dep), `${dep} settles before ${info.name} starts`).toBeLessThan(started);
    }
  }
}

/** A fresh recording sink. */
export function recorder(): RecordingEventSink {
  return new RecordingEventSink();
}

/** The error `fn` throws; fails the test when it does not throw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  expect.unreachable("expected a throw");
}

/** Each stage's dependencies, by name, as the pipeline holds them. */
export const depsOf = (pipeline: Pipeline): Record<string, readonly string[]> =>
  Object.fromEntries(pipeline.entries.map((e) => [e.stage.name, e.dependsOn]));
