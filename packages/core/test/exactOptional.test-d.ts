// Compiled with `exactOptionalPropertyTypes: true` (tsconfig.base.json): every optional property of an
// options or init object must accept an explicit `undefined`, so values can be forwarded as they are.
import { describe, expectTypeOf, it } from "vitest";
import {
  BufferedEventSink,
  CallbackEventSink,
  CompositeEventSink,
  ContextSnapshot,
  LoggingEventSink,
  Pipeline,
  TimeoutInterceptor,
  createContextKey,
  createStageContext,
  defineStage,
  type Clock,
  type CompatibleLogger,
  type EventSink,
  type Interceptor,
  type Plugin,
  type RandomSource,
  type Redactor,
  type RunOptions,
  type SinkErrorHandler,
  type StageKind,
  StageOutput,
  type StageArtifact,
  type StageOptions,
  type StageOutputEvent,
  type WhenCondition,
} from "../src/index.js";
import { maybe } from "../../../tests/support/undefinedOptions.js";

const stage = defineStage({ name: "a", execute: () => 1 });
const logger = {} as CompatibleLogger;
const target = {} as EventSink;

describe("options accept an explicit undefined (exactOptionalPropertyTypes)", () => {
  it("ContextSnapshot.create, down to runId and conversation fields", () => {
    const snapshot = ContextSnapshot.create({
      runId: {
        pipelineRunId: maybe<string>(),
        requestId: maybe<string>(),
        sessionId: maybe<string | null>(),
        userId: maybe<string>(),
        orgId: maybe<string>(),
        interactionId: maybe<string>(),
      },
      input: maybe<{ ticket: string }>(),
      inputText: maybe<string>(),
      conversation: { messages: maybe<[]>(), routingDecision: maybe<{ route: string }>() },
      enrichments: maybe<Record<string, unknown>>(),
      extensions: maybe<{ app: { tier: string } }>(),
      topology: maybe<string>(),
      executionMode: maybe<string>(),
      metadata: maybe<Record<string, unknown>>(),
      createdAt: maybe<string>(),
    });
    ContextSnapshot.create({ runId: maybe<{ userId: string }>(), conversation: maybe<{ messages: [] }>() });
    ContextSnapshot.create({
      conversation: {
        messages: [{ role: "user", content: "hi", name: maybe<string>(), timestamp: maybe<string>() }],
        routingDecision: { route: "faq", confidence: maybe<number>(), reason: maybe<string>() },
      },
    });
    // What a snapshot gives back is unchanged: absent fields read as null.
    expectTypeOf(snapshot.runId.userId).toEqualTypeOf<string | null>();
    expectTypeOf(snapshot.inputText).toEqualTypeOf<string | null>();
  });

  it("Pipeline, withStage and graph.run", () => {
    const pipeline = new Pipeline("p", { interceptors: maybe<Interceptor[]>(), plugins: maybe<Plugin[]>() });
    const stageOptions: StageOptions = {
      dependsOn: maybe<string[]>(),
      when: maybe<WhenCondition>(),
      interceptors: maybe<Interceptor[]>(),
      timeoutMs: maybe<number>(),
      branch: maybe<string>(),
    };
    pipeline.withStage(stage, stageOptions);
    pipeline.withStage(defineStage({ name: "b", execute: () => 2 }), {
      when: { evaluate: () => true, description: maybe<string>() },
    });
    const runOptions: RunOptions = {
      eventSink: maybe<EventSink>(),
      onSinkError: maybe<SinkErrorHandler>(),
      interceptors: maybe<Interceptor[]>(),
      plugins: maybe<Plugin[]>(),
      signal: maybe<AbortSignal>(),
      clock: maybe<Clock>(),
      random: maybe<RandomSource>(),
      abortGraceMs: maybe<number>(),
    };
    void pipeline.run(ContextSnapshot.create(), runOptions);
    void pipeline.build().run(ContextSnapshot.create(), { signal: maybe<AbortSignal>() });
  });

  it("defineStage, interceptors, next() overrides and context keys", () => {
    defineStage({ name: "k", kind: maybe<StageKind>(), execute: () => undefined });
    new TimeoutInterceptor({ timeoutMs: 100, priority: maybe<number>() });
    const interceptor: Interceptor = {
      name: "pass",
      priority: maybe<number>(),
      intercept: (ctx, next) => next({ attempt: maybe<number>(), signal: maybe<AbortSignal>() }),
    };
    void interceptor;
    createContextKey<number>("n", {
      default: maybe<() => number>(),
      forStage: maybe<(n: number) => number>(),
    });
  });

  it("createStageContext", () => {
    createStageContext({
      stageName: "a",
      stageKind: maybe<StageKind>(),
      snapshot: maybe<ContextSnapshot>(),
      inputs: maybe<Record<string, StageOutput>>(),
      eventSink: maybe<EventSink>(),
      signal: maybe<AbortSignal>(),
      attempt: maybe<number>(),
      clock: maybe<Clock>(),
      random: maybe<() => number>(),
      values: maybe<[]>(),
      stage: maybe<typeof stage>(),
      pipeline: maybe<string>(),
    });
  });

  it("the sinks", () => {
    new CallbackEventSink(() => undefined, { redact: maybe<Redactor>() });
    new CompositeEventSink([], { onSinkError: maybe<SinkErrorHandler>(), redact: maybe<Redactor>() });
    new BufferedEventSink({
      target,
      capacity: maybe<number>(),
      dropPolicy: maybe<"drop_oldest">(),
      onSinkError: maybe<SinkErrorHandler>(),
      redact: maybe<Redactor>(),
    });
    new LoggingEventSink({ logger, levelFor: maybe<() => "info">(), redact: maybe<Redactor>() });
  });

  it("StageOutput extras", () => {
    const extras = {
      artifacts: maybe<StageArtifact[]>(),
      events: maybe<StageOutputEvent[]>(),
      durationMs: maybe<number>(),
    };
    expectTypeOf(StageOutput.ok(1, extras).data).toEqualTypeOf<number>();
    expectTypeOf(StageOutput.skip("why", undefined, extras).status).toEqualTypeOf<
      "skip" | "cancel" | "fail" | "retry"
    >();
  });
});
