import { defineStage, StageOutput, type AnyStageflowEvent } from "@stageflow/core";
import {
  createSampleEvents,
  createTestSnapshot,
  createTestStageContext,
  FakeClock,
  RecordingEventSink,
  runStage,
  type FakeClockOptions,
  type RunStageOptions,
  type SampleEventsOptions,
  type TestStageContextOptions,
  type WaitForOptions,
} from "@stageflow/testing";
import { testEventSinkConformance, type SinkConformanceOptions } from "@stageflow/testing/vitest";
import { describe, expect, it } from "vitest";
import { variants, type AllUndefined } from "../../../tests/support/undefinedOptions.js";

const CONTEXT: AllUndefined<TestStageContextOptions> = {
  stageName: undefined,
  stageKind: undefined,
  snapshot: undefined,
  inputs: undefined,
  eventSink: undefined,
  signal: undefined,
  attempt: undefined,
  clock: undefined,
  random: undefined,
  values: undefined,
  stage: undefined,
  pipeline: undefined,
};
const RUN: AllUndefined<RunStageOptions> = {
  inputs: undefined,
  snapshot: undefined,
  interceptors: undefined,
  timeoutMs: undefined,
  plugins: undefined,
  clock: undefined,
  runTimers: undefined,
  random: undefined,
  signal: undefined,
  pipeline: undefined,
};
const CONFORMANCE: AllUndefined<SinkConformanceOptions> = {
  name: undefined,
  lossless: undefined,
  teardown: undefined,
};

// Declared with every option undefined: the suite is titled and run as with no options.
testEventSinkConformance((received) => ({ emit: received }), CONFORMANCE);

describe("a testing option given as undefined is treated as absent", () => {
  describe("createTestSnapshot", () => {
    it("keeps the defaults of fields given as undefined", () => {
      const snapshot = createTestSnapshot({
        inputText: undefined,
        runId: { userId: undefined, orgId: undefined, pipelineRunId: undefined },
        conversation: { messages: undefined, routingDecision: undefined },
        metadata: undefined,
      });
      expect(snapshot.inputText).toBe("test input");
      expect(snapshot.runId.userId).toBe("test-user");
      expect(snapshot.runId.orgId).toBe("test-org");
      expect(snapshot.runId.pipelineRunId).toMatch(/^run-/);
      expect(snapshot.conversation).toEqual({ messages: [], routingDecision: null });
      expect(snapshot.metadata).toEqual({});
    });

    it("still applies the fields given next to them", () => {
      const snapshot = createTestSnapshot({ inputText: "hi", runId: { userId: "u1", orgId: undefined } });
      expect(snapshot.inputText).toBe("hi");
      expect(snapshot.runId.userId).toBe("u1");
      expect(snapshot.runId.orgId).toBe("test-org");
    });

    it("passes runId: undefined and conversation: undefined as absent", () => {
      const snapshot = createTestSnapshot({ runId: undefined, conversation: undefined });
      expect(snapshot.runId.userId).toBe("test-user");
      expect(snapshot.conversation.messages).toEqual([]);
    });
  });

  it.each(variants(CONTEXT))("createTestStageContext({ %s: undefined }) has the defaults", (_, options) => {
    const ctx = createTestStageContext(options);
    expect(ctx.stageName).toBe("test-stage");
    expect(ctx.stageKind).toBe("transform");
    expect(ctx.attempt).toBe(1);
    expect(ctx.pipeline).toBe("test-pipeline");
    expect(ctx.snapshot.inputText).toBe("test input");
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.inputs.names).toEqual([]);
  });

  it.each(variants(RUN))("runStage(stage, { %s: undefined }) runs the stage alone", async (_, options) => {
    const stage = defineStage({
      name: "wait",
      execute: async (ctx) => {
        // Minutes of sleep take no time: the default FakeClock is driven for us.
        await ctx.clock.sleep(120_000, ctx.signal);
        return StageOutput.ok(ctx.inputs.names.length);
      },
    });
    const { output, events } = await runStage(stage, options);
    expect(output.status).toBe("ok");
    expect(output.data).toBe(0);
    expect(events[0]?.pipeline).toBe("test-pipeline");
  });

  it.each(variants<AllUndefined<FakeClockOptions>>({ now: undefined, maxJumps: undefined }))(
    "new FakeClock({ %s: undefined }) starts at 0",
    async (_, options) => {
      const clock = new FakeClock(options);
      expect(clock.now()).toBe(0);
      const slept = clock.sleep(5);
      await expect(clock.runAll({ maxJumps: undefined })).resolves.toBe(1);
      await slept;
      expect(clock.now()).toBe(5);
    },
  );

  it.each(variants<AllUndefined<WaitForOptions>>({ signal: undefined, includeRecorded: undefined }))(
    "waitFor(type, undefined, { %s: undefined }) finds a recorded event",
    async (_, options) => {
      const sink = new RecordingEventSink();
      const [first] = createSampleEvents();
      sink.emit(first as AnyStageflowEvent);
      await expect(sink.waitFor((first as AnyStageflowEvent).type, undefined, options)).resolves.toBe(first);
    },
  );

  it.each(
    variants<AllUndefined<SampleEventsOptions>>({
      runId: undefined,
      pipeline: undefined,
      startTime: undefined,
    }),
  )("createSampleEvents({ %s: undefined }) has the defaults", (_, options) => {
    expect(createSampleEvents(options)).toEqual(createSampleEvents());
  });
});
