// Testing a stage: a unit test with a hand-built context, and a run through the real executor.
import { StageOutput } from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";
import {
  FakeClock,
  RecordingEventSink,
  createTestSnapshot,
  createTestStageContext,
  runStage,
} from "@stageflow/testing";
import { stageflowMatchers } from "@stageflow/testing/vitest";
import { describe, expect, it } from "vitest";
import { answer } from "../shared/answerStage.js";

expect.extend(stageflowMatchers);
const retrieve = StageOutput.ok({ docs: ["Refunds take 5 days."] });

describe("answer stage", () => {
  it("skips when retrieval found nothing", async () => {
    const ctx = createTestStageContext({
      stageName: "answer",
      inputs: { retrieve: StageOutput.ok({ docs: [] }) },
    });
    const output = await answer.execute(ctx);
    expect(output).toMatchObject({ status: "skip", reason: "nothing to answer from" });
  });

  it("answers from the documents, in virtual time", async () => {
    // runStage drives a FakeClock itself: the 2 s model call takes no real time.
    const { output, record, events } = await runStage(answer, { inputs: { retrieve } });
    expect(output.status).toBe("ok");
    expect(output.data).toEqual({ text: "Based on 1 document(s): Refunds take 5 days.", sources: 1 });
    expect(record.attempts).toBe(1);
    expect(events.map((e) => e.type)).toContain("stage.progress");
  });

  it("is retried after a transient failure, with the backoff on the fake clock", async () => {
    const clock = new FakeClock();
    const run = runStage(answer, {
      inputs: { retrieve },
      snapshot: createTestSnapshot({ metadata: { flaky: true } }),
      interceptors: [new RetryInterceptor({ maxAttempts: 3, baseDelayMs: 500, jitter: "none" })],
      clock,
    });
    const { output, record, result } = await run;
    expect(output.status).toBe("ok");
    expect(record.attempts).toBe(2);
    expect(clock.now()).toBe(2_500); // 500 ms backoff + 2 s call, all virtual
    expect(clock.pendingTimers).toBe(0);
    expect(result.status).toBe("completed");
  });

  it("emits the retry and completion events in order", async () => {
    const sink = new RecordingEventSink();
    const clock = new FakeClock();
    const ctxOptions = {
      inputs: { retrieve },
      snapshot: createTestSnapshot({ metadata: { flaky: true } }),
      clock,
    };
    const { events } = await runStage(answer, {
      ...ctxOptions,
      interceptors: [new RetryInterceptor({ jitter: "none" })],
    });
    for (const event of events) sink.emit(event);
    expect(sink).toHaveEmitted("stage.retry_scheduled", {
      stage: "answer",
      data: { attempt: 1, delayMs: 1_000 },
    });
    expect(sink).toHaveEmittedInOrder([
      "stage.started",
      "stage.retry_scheduled",
      "stage.progress",
      "stage.completed",
    ]);
    sink.assertWellFormed();
  });
});
