// Stand-ins for the application code around the testing package's README samples.
import { Pipeline, defineStage } from "@stageflow/core";
import { RetryInterceptor, TransientError } from "@stageflow/retry";
import { FakeClock, RecordingEventSink, createTestSnapshot } from "@stageflow/testing";

/** A model stage: its first attempt fails with a transient error, the next one answers. */
function model(name: string) {
  return defineStage({
    name,
    execute: (ctx) => {
      if (ctx.attempt === 1) throw new TransientError("model overloaded");
      const docs = ctx.inputs.getFrom<string[]>("retrieve", "docs", []);
      return { text: docs[0] ?? "I don't know." };
    },
  });
}

/** The stage under test. */
export const answer = model("answer");

/** The events of a run `retrieve → llm` in which `llm` needed a retry. */
export const sink = new RecordingEventSink();
const retrieve = defineStage({ name: "retrieve", execute: () => ({ docs: ["Refunds take 5 days."] }) });
const clock = new FakeClock();
const running = new Pipeline("chat")
  .withStage(retrieve)
  .withStage(model("llm"), { dependsOn: [retrieve] })
  .build()
  .run(createTestSnapshot(), { eventSink: sink, clock, interceptors: [new RetryInterceptor()] });
await clock.runAll();
await running;
