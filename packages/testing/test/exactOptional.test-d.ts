// Compiled with `exactOptionalPropertyTypes: true` (tsconfig.base.json): every optional property of a
// fixture's options must accept an explicit `undefined`, so values can be forwarded as they are.
import type {
  AnyStage,
  Clock,
  ContextSnapshot,
  EventSink,
  Interceptor,
  Plugin,
  ProvidedValue,
  RandomSource,
  StageKind,
  StageOutput,
} from "@stageflow/core";
import { defineStage } from "@stageflow/core";
import {
  createSampleEvents,
  createTestSnapshot,
  createTestStageContext,
  FakeClock,
  RecordingEventSink,
  runStage,
  type RunStageOptions,
  type TestStageContextOptions,
} from "@stageflow/testing";
import type { testEventSinkConformance } from "@stageflow/testing/vitest";
import { describe, it } from "vitest";
import { maybe } from "../../../tests/support/undefinedOptions.js";

describe("testing options accept an explicit undefined (exactOptionalPropertyTypes)", () => {
  it("createTestSnapshot, createTestStageContext and runStage", () => {
    createTestSnapshot({ inputText: maybe<string>(), runId: { userId: maybe<string>() } });
    const context: TestStageContextOptions = {
      stageName: maybe<string>(),
      stageKind: maybe<StageKind>(),
      snapshot: maybe<ContextSnapshot>(),
      inputs: maybe<Record<string, StageOutput>>(),
      eventSink: maybe<EventSink>(),
      signal: maybe<AbortSignal>(),
      attempt: maybe<number>(),
      clock: maybe<Clock>(),
      random: maybe<RandomSource>(),
      values: maybe<ProvidedValue<unknown>[]>(),
      stage: maybe<AnyStage>(),
      pipeline: maybe<string>(),
    };
    createTestStageContext(context);
    const run: RunStageOptions = {
      inputs: maybe<Record<string, StageOutput>>(),
      snapshot: maybe<ContextSnapshot>(),
      interceptors: maybe<Interceptor[]>(),
      timeoutMs: maybe<number>(),
      plugins: maybe<Plugin[]>(),
      clock: maybe<Clock>(),
      runTimers: maybe<boolean>(),
      random: maybe<RandomSource>(),
      signal: maybe<AbortSignal>(),
      pipeline: maybe<string>(),
    };
    void runStage(defineStage({ name: "a", execute: () => 1 }), run);
  });

  it("FakeClock, RecordingEventSink.waitFor, createSampleEvents and the conformance suite", () => {
    const clock = new FakeClock({ now: maybe<number>(), maxJumps: maybe<number>() });
    void clock.runAll({ maxJumps: maybe<number>() });
    void new RecordingEventSink().waitFor("stage.started", undefined, {
      signal: maybe<AbortSignal>(),
      includeRecorded: maybe<boolean>(),
    });
    createSampleEvents({ runId: maybe<string>(), pipeline: maybe<string>(), startTime: maybe<number>() });
    // Only its type is checked here: the suite itself is declared by the runtime tests.
    const declare: typeof testEventSinkConformance = () => undefined;
    declare(() => new RecordingEventSink(), {
      name: maybe<string>(),
      lossless: maybe<boolean>(),
      teardown: maybe<(sink: EventSink) => void>(),
    });
  });
});
