import { defineStage, type AnyStageflowEvent, type EventOf } from "@stageflow/core";
import { RecordingEventSink, runStage, type RunStageResult } from "@stageflow/testing";
import "@stageflow/testing/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";

describe("types", () => {
  it("narrows ofType() and waitFor() to the event's shape", () => {
    const sink = new RecordingEventSink();
    expectTypeOf(sink.ofType("stage.retry_scheduled")).toEqualTypeOf<EventOf<"stage.retry_scheduled">[]>();
    expectTypeOf(sink.ofType("stage.retry_scheduled")[0]!.data.delayMs).toEqualTypeOf<number>();
    expectTypeOf(sink.ofType("my.custom")).toEqualTypeOf<AnyStageflowEvent[]>();
    expectTypeOf(sink.waitFor("stage.failed")).resolves.toEqualTypeOf<EventOf<"stage.failed">>();
  });

  it("types runStage's output by the stage's data", () => {
    const stage = defineStage({ name: "n", execute: () => ({ count: 1 }) });
    expectTypeOf(runStage(stage)).resolves.toEqualTypeOf<RunStageResult<{ count: number }>>();
  });

  it("adds the matchers to expect() with checked expectations", () => {
    const sink = new RecordingEventSink();
    expectTypeOf(expect(sink).toHaveEmitted).toBeFunction();
    // Valid: envelope fields and a partial data of the event type.
    expect(sink).toHaveEmitted("stage.completed", { stage: "llm", data: { attempts: 1 } });
    expect(sink).toHaveEmittedTimes("stage.retry_scheduled", 2, { data: { backoff: "exponential" } });
    expect(sink).toHaveEmittedInOrder(["stage.started", "stage.completed"]);
    // @ts-expect-error a misspelt data field of a built-in event type is caught
    expect(sink).toHaveEmitted("stage.completed", { data: { atempts: 1 } });
    // @ts-expect-error a misspelt envelope field is caught
    expect(sink).toHaveEmitted("stage.completed", { stag: "llm" });
  });
});
