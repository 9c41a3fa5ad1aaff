/**
 * @module Shared fixtures for the tolerance tests: stages that count concurrency, and small DAGs.
 */
import { defineStage, Pipeline, StageOutput, type AnyStage, type StageContext } from "@stageflow/core";

/** Counts how many stages are inside `execute` at once. */
export class ConcurrencyProbe {
  active = 0;
  peak = 0;
  started: string[] = [];

  enter(name: string): void {
    this.active++;
    this.started.push(name);
    if (this.active > this.peak) this.peak = this.active;
  }

  leave(): void {
    this.active--;
  }
}

/** A stage that sleeps `ms` on the run's clock while counted by `probe`, then returns `data`. */
export function sleepingStage(
  name: string,
  probe: ConcurrencyProbe,
  ms = 10,
  data: unknown = name,
): AnyStage {
  return defineStage({
    name,
    async execute(ctx: StageContext) {
      probe.enter(name);
      try {
        await ctx.clock.sleep(ms, ctx.signal);
        return StageOutput.ok(data);
      } finally {
        probe.leave();
      }
    },
  });
}

/** A stage that returns `ok(name)`, or fails with `Error("<name> broke")` when `fails` is true. */
export function simpleStage(name: string, fails = false, ran?: string[]): AnyStage {
  return defineStage({
    name,
    execute() {
      ran?.push(name);
      return fails ? StageOutput.fail(new Error(`${name} broke`)) : StageOutput.ok(name);
    },
  });
}

/** Builds a pipeline from `[name, dependsOn]` pairs. */
export function pipelineOf(
  name: string,
  stages: ReadonlyArray<readonly [AnyStage, readonly string[]]>,
): Pipeline {
  const pipeline = new Pipeline(name);
  for (const [stage, deps] of stages) pipeline.withStage(stage, { dependsOn: deps });
  return pipeline;
}
