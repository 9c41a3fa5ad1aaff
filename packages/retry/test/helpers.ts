/**
 * @module Test fixtures: scripted flaky stages and a run driven entirely in virtual time.
 */
import {
  defineStage,
  Pipeline,
  StageOutput,
  type AnyStage,
  type Interceptor,
  type RunOptions,
  type StageGraph,
} from "@stageflow/core";
import { createTestSnapshot, FakeClock, RecordingEventSink } from "@stageflow/testing";

/** What a scripted attempt does: throw the error, return the output, or return `{ value }`. */
export type Step = Error | StageOutput | { readonly value: unknown };

/** One call a scripted stage received. */
export interface Call {
  readonly attempt: number;
  readonly at: number;
  readonly signal: AbortSignal;
}

/** A stage that plays `steps` in order (the last one repeats) and records each call. */
export function scripted(name: string, steps: readonly Step[]): { stage: AnyStage; calls: Call[] } {
  const calls: Call[] = [];
  const stage = defineStage({
    name,
    kind: "work",
    execute: (ctx) => {
      calls.push({ attempt: ctx.attempt, at: ctx.clock.now(), signal: ctx.signal });
      const step = steps[Math.min(calls.length, steps.length) - 1];
      if (step instanceof Error) throw step;
      if (step !== undefined && "status" in step) return step;
      return StageOutput.ok(step?.value);
    },
  });
  return { stage, calls };
}

/** A stage returning `value`, recording what its dependencies handed it. */
export function passThrough(name: string, from: string): { stage: AnyStage; seen: unknown[] } {
  const seen: unknown[] = [];
  const stage = defineStage({
    name,
    kind: "transform",
    execute: (ctx) => {
      seen.push(ctx.inputs.get(from)?.data);
      return { from: name };
    },
  });
  return { stage, seen };
}

/** Runs `graph` on a fresh FakeClock with a RecordingEventSink, firing every sleep at once. */
export async function runVirtual(
  graph: StageGraph | Pipeline,
  options: Omit<RunOptions, "clock" | "eventSink"> = {},
) {
  const clock = new FakeClock();
  const sink = new RecordingEventSink();
  const running = graph.run(createTestSnapshot(), { ...options, clock, eventSink: sink });
  await clock.runAll();
  const result = await running;
  sink.assertWellFormed();
  return { result, sink, clock };
}

/** A one-stage pipeline `[before] → stage → [after]` with `interceptors` on the stage. */
export function chain(stage: AnyStage, interceptors: readonly Interceptor[] = []): Pipeline {
  return new Pipeline("retry-test").withStage(stage, { interceptors });
}
