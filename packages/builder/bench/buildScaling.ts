/**
 * @module Benchmark (not a test): shows that building a long chain and a wide fan-out with the builder
 * grows linearly with the number of stages, by printing the cost per stage at several sizes.
 *
 * Run from the repository root: `pnpm --filter @stageflow/builder bench`. Costs are CPU time
 * (`process.cpuUsage`, fastest of several rounds, each from a collected heap) rather than wall-clock
 * time, so that other processes on a shared machine do not distort the per-stage figures.
 */
import { StageKind, defineStage, type AnyStage } from "@stageflow/core";
import { FluentPipelineBuilder, lintPipeline } from "../src/index.js";

const ROUNDS = 9;
const WARMUPS = 2;

function stage(name: string): AnyStage {
  return defineStage({ name, kind: StageKind.TRANSFORM, execute: (ctx) => ctx.inputs.names.length });
}

/** Starts each round from a clean heap when node runs with --expose-gc (the bench script does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** CPU microseconds (user + system) spent since `since`. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const now = process.cpuUsage(since);
  return now.user + now.system;
}

interface Timing {
  readonly add: number;
  readonly build: number;
  readonly lint: number;
}

/** CPU µs for adding the stages, `build()` and `lintPipeline()`: the fastest of several rounds each. */
function measure(make: () => FluentPipelineBuilder<string>): Timing {
  let add = Infinity;
  let build = Infinity;
  let lint = Infinity;
  for (let round = 0; round < ROUNDS + WARMUPS; round++) {
    collectGarbage();
    let at = process.cpuUsage();
    const builder = make();
    const tAdd = cpuSince(at);
    at = process.cpuUsage();
    builder.build();
    const tBuild = cpuSince(at);
    at = process.cpuUsage();
    const issues = lintPipeline(builder);
    const tLint = cpuSince(at);
    if (issues.length > 0) throw new Error(`benchmark graph should lint clean: ${issues[0]?.message}`);
    if (round < WARMUPS) continue;
    add = Math.min(add, tAdd);
    build = Math.min(build, tBuild);
    lint = Math.min(lint, tLint);
  }
  return { add, build, lint };
}

const chain = (n: number) => (): FluentPipelineBuilder<string> =>
  new FluentPipelineBuilder("chain").linearChain(n, (i) => stage(`s${i}`));

const fan = (n: number) => (): FluentPipelineBuilder<string> =>
  new FluentPipelineBuilder("fan").fanOutFanIn(stage("split"), n, (i) => stage(`w${i}`), stage("gather"));

function table(
  title: string,
  sizes: readonly number[],
  make: (n: number) => () => FluentPipelineBuilder<string>,
  stagesOf: (n: number) => number,
): void {
  console.log(`\n${title}`);
  console.log("stages | add µs/stage | build() µs/stage | lint µs/stage | total ms");
  for (const n of sizes) {
    const t = measure(make(n));
    const count = stagesOf(n);
    const per = (us: number): string => (us / count).toFixed(2);
    console.log(
      `${count} | ${per(t.add)} | ${per(t.build)} | ${per(t.lint)} | ${((t.add + t.build + t.lint) / 1000).toFixed(1)}`,
    );
  }
}

console.log(`Node ${process.version}; CPU time, fastest of ${ROUNDS} rounds after ${WARMUPS} warm-ups`);
table("linear chain (linearChain)", [1_250, 2_500, 5_000, 10_000, 20_000], chain, (n) => n);
table("fan-out 1 → N → 1 (fanOutFanIn)", [125, 250, 500, 1_000, 2_000, 4_000], fan, (n) => n + 2);
