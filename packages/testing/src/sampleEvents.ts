/**
 * @module `createSampleEvents`: one valid event of every built-in type, for exercising sinks.
 */
import {
  assertKnownOptions,
  type AnyStageflowEvent,
  type RunEndData,
  type SerializedError,
  type StageflowEventMap,
  type StageflowEventType,
} from "@stageflow/core";

/** Options of {@link createSampleEvents}. */
export interface SampleEventsOptions {
  /**
   * The `runId` of every event.
   * @defaultValue `"sample-run"`
   */
  readonly runId?: string | undefined;
  /**
   * The `pipeline` of every event.
   * @defaultValue `"sample-pipeline"`
   */
  readonly pipeline?: string | undefined;
  /**
   * The `timestamp` of the first event; each next one is 1 ms later.
   * @defaultValue 0
   */
  readonly startTime?: number | undefined;
}

const ERROR: SerializedError = {
  name: "StageTimeoutError",
  message: "stage timed out after 100 ms",
  code: "STAGE_TIMEOUT",
};
const END = (status: RunEndData["status"]): RunEndData => ({
  status,
  durationMs: 1234,
  counts: {
    ok: 1,
    skip: 1,
    fail: status === "failed" ? 1 : 0,
    cancel: status === "cancelled" ? 1 : 0,
    retry: 0,
  },
});
const STAGE_END = { durationMs: 42, attempts: 2 };

/**
 * Samples of event types that opt-in packages add to the map, with the data they emit: spread into
 * {@link SAMPLE_DATA} unchecked, since this package does not see their augmentations.
 */
const OPT_IN_SAMPLE_DATA = {
  // What @stageflow/enrich emits; a cross-package test in tests/ checks these fields against a real run.
  "context.truncation": [
    "answer",
    {
      timestamp: 0,
      originalTokens: 5000,
      truncatedTokens: 4000,
      tokensRemoved: 1000,
      strategy: "tail",
      contentType: "history",
      reason: "token budget",
      preservedRatio: 0.8,
      metadata: {},
    },
  ],
  "context.conflict": [
    "memory",
    {
      field: "tier",
      oldWriter: "profile",
      newWriter: "memory",
      writers: ["profile", "memory"],
      resolution: "keep_new",
    },
  ],
  "context.near_limit": [
    "answer",
    {
      maxTokens: 4000,
      usedTokens: 3400,
      reservedTokens: 0,
      availableTokens: 600,
      utilization: 0.85,
      nearLimitRatio: 0.8,
      isNearLimit: true,
      isAtLimit: false,
    },
  ],
  "context.stale": [
    "answer",
    {
      field: "docs",
      reader: "answer",
      writers: ["retrieve"],
      content: [
        {
          contentId: "kb:refunds",
          source: "vector-store",
          version: "v3",
          ageSeconds: 7200,
          ttlSeconds: 3600,
        },
      ],
    },
  ],
} satisfies Readonly<Record<string, readonly [stage: string | undefined, data: object]>>;

/**
 * Sample data per built-in type, in the order a run would emit them (pipeline start first, pipeline
 * ends last). Optional keys so that an application augmenting the event map still type-checks; a
 * type test asserts that every built-in type is present.
 */
const SAMPLE_DATA = {
  "pipeline.started": [undefined, { stageCount: 3 }],
  "stage.started": ["retrieve", { kind: "enrich" }],
  "stage.timeout": ["retrieve", { timeoutMs: 100 }],
  "stage.retry_scheduled": [
    "retrieve",
    {
      attempt: 1,
      delayMs: 200,
      error: ERROR,
      backoff: "exponential",
      jitter: "full",
      retryAfterMs: 150,
      capped: false,
    },
  ],
  "stage.retry_exhausted": ["retrieve", { attempts: 3, error: ERROR, reason: "max attempts reached" }],
  "stage.shed": ["retrieve", { reason: "queue full", active: 4, queued: 16 }],
  "backpressure.overloaded": [undefined, { utilization: 0.95, active: 19, queued: 3 }],
  "backpressure.recovered": [undefined, { utilization: 0.4, active: 8, queued: 0 }],
  "circuit.opened": ["retrieve", { key: "retrieve", failures: 5 }],
  "circuit.half_open": ["retrieve", { key: "retrieve", failures: 5 }],
  "circuit.closed": ["retrieve", { key: "retrieve", failures: 0 }],
  "failure.recorded": ["retrieve", { error: ERROR, recoverable: true, mode: "continue_on_failure" }],
  ...OPT_IN_SAMPLE_DATA,
  "stage.completed": ["retrieve", STAGE_END],
  "stage.skipped": [
    "guard",
    { ...STAGE_END, attempts: 0, reason: "its when condition was false", pruned: false },
  ],
  "stage.failed": ["answer", { ...STAGE_END, error: ERROR }],
  "stage.cancelled": [
    "rerank",
    { durationMs: 0, attempts: 0, reason: "the run stopped before this stage started" },
  ],
  "pipeline.completed": [undefined, END("completed")],
  "pipeline.failed": [undefined, { ...END("failed"), failures: [{ stage: "llm", error: ERROR }] }],
  "pipeline.cancelled": [
    undefined,
    {
      ...END("cancelled"),
      reason: {
        name: "PipelineCancelledError",
        message: "cancelled by the caller",
        code: "PIPELINE_CANCELLED",
      },
    },
  ],
} satisfies {
  readonly [K in StageflowEventType]?: readonly [stage: string | undefined, data: StageflowEventMap[K]];
};

/**
 * Stage events that carry no `attempt`: a stage that never started, and what `contextEnrichment` emits
 * about a stage's output or reads rather than from inside an attempt.
 */
const WITHOUT_ATTEMPT: ReadonlySet<string> = new Set([
  "stage.cancelled",
  "context.conflict",
  "context.stale",
]);

/** The event types {@link createSampleEvents} covers (every built-in one; a type test checks it). */
export type SampledEventType = keyof typeof SAMPLE_DATA;

/** Every built-in event type, in the order {@link createSampleEvents} emits them. */
export const BUILT_IN_EVENT_TYPES: readonly SampledEventType[] = Object.freeze(
  Object.keys(SAMPLE_DATA) as SampledEventType[],
);

/**
 * Builds one well-formed event of every built-in type (`pipeline.*`, `stage.*`, `backpressure.*`,
 * `circuit.*`, `failure.recorded`, `context.*`), with realistic data, for testing sinks, loggers and
 * exporters without running a pipeline.
 * @param options - `runId`, `pipeline` and `startTime` of the events
 * @returns fresh, frozen events in a plausible emission order, with increasing timestamps
 * @throws `InvalidOptionsError` for an unknown option
 * @example
 * ```ts
 * for (const event of createSampleEvents({ runId: "r1" })) mySink.emit(event);
 * await mySink.flush?.();
 * ```
 */
export function createSampleEvents(options: SampleEventsOptions = {}): AnyStageflowEvent[] {
  assertKnownOptions("createSampleEvents", options, ["runId", "pipeline", "startTime"]);
  const runId = options.runId ?? "sample-run";
  const pipeline = options.pipeline ?? "sample-pipeline";
  const start = options.startTime ?? 0;
  return BUILT_IN_EVENT_TYPES.map((type, i) => {
    const [stage, data] = SAMPLE_DATA[type] as readonly [string | undefined, unknown];
    const attempt = stage === undefined || WITHOUT_ATTEMPT.has(type) ? undefined : 1;
    const event = {
      type,
      timestamp: start + i,
      runId,
      pipeline,
      ...(stage === undefined ? {} : { stage }),
      ...(attempt === undefined ? {} : { attempt }),
      // A fresh copy per call, so a sink that mutates an event cannot affect another test.
      data: structuredClone(data),
    };
    return Object.freeze(event);
  });
}
