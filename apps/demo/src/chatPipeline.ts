/**
 * @module Assembles the demo pipeline from every Stageflow package.
 */
import type { Plugin, StageGraph } from "@stageflow/core";
import { FluentPipelineBuilder } from "@stageflow/builder";
import { contextEnrichment } from "@stageflow/enrich";
import { BackoffStrategy, JitterStrategy, RetryInterceptor } from "@stageflow/retry";
import {
  BackpressureMonitor,
  CircuitBreaker,
  CircuitBreakerInterceptor,
  FailureMode,
  backpressure,
  failureTolerance,
} from "@stageflow/tolerance";
import { createStages, type DemoServices } from "./stages.js";

/** Everything a run of the demo pipeline needs besides its snapshot. */
export interface ChatPipeline {
  readonly graph: StageGraph;
  /** The builder, for pictures (`toMermaid`). */
  readonly builder: FluentPipelineBuilder<string>;
  /** Plugins to pass to every run. */
  readonly plugins: readonly Plugin[];
  /** Shared by every run: at most 32 stages in flight across all runs, 100 more queued; beyond that stages are shed. */
  readonly monitor: BackpressureMonitor;
  /** Shared by every run: opens after repeated model failures. */
  readonly breaker: CircuitBreaker;
}

/**
 * Builds the pipeline: input guard → router → profile ∥ memory ∥ retrieval → prompt → llm → output guard.
 * Retry (with Retry-After) covers the flaky memory service and the model; the profile enrichment is
 * optional (its failure does not stop the answer); a backpressure monitor and a circuit breaker are
 * shared by every run built from the same `ChatPipeline`.
 * @param services - the model and the simulated services
 * @returns the graph and the run-wide pieces
 */
export function createChatPipeline(services: DemoServices): ChatPipeline {
  const s = createStages(services);
  const breaker = new CircuitBreaker({ failureThreshold: 8, halfOpenAfterMs: 2_000 });
  const monitor = new BackpressureMonitor({ maxActiveStages: 32, queueSizeLimit: 100 });
  const retry = new RetryInterceptor({
    maxAttempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 2_000,
    backoff: BackoffStrategy.EXPONENTIAL,
    jitter: JitterStrategy.FULL,
    stages: { memory: { maxAttempts: 4 }, input_guard: false, output_guard: false, router: false },
  });
  const builder = new FluentPipelineBuilder("support_chat", { interceptors: [retry] })
    .stage(s.inputGuard)
    .conditionalBranch(s.router, { profile: s.profile, memory: s.memory, retrieval: s.retrieval })
    .stage(s.prompt)
    .stage(s.llm, { interceptors: [new CircuitBreakerInterceptor({ breaker })], timeoutMs: 2_000 })
    .stage(s.outputGuard);
  const plugins: Plugin[] = [
    failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE, optional: ["profile"] }),
    backpressure(monitor),
    contextEnrichment({ maxTokens: 120, reservedTokens: 60, conflicts: { defaultStrategy: "merge" } }),
  ];
  return { graph: builder.build(), builder, plugins, monitor, breaker };
}
