/**
 * @module The demo pipeline: a small chat flow on @stageflow/core, printing every event and the result.
 */
import {
  CallbackEventSink,
  ContextSnapshot,
  Pipeline,
  StageKind,
  StageOutput,
  defineStage,
} from "@stageflow/core";

const guard = defineStage({
  name: "input_guard",
  kind: StageKind.GUARD,
  execute: (ctx) => (ctx.snapshot.inputText?.trim() ? { clean: true } : StageOutput.cancel("empty input")),
});
const profile = defineStage({
  name: "profile",
  kind: StageKind.ENRICH,
  execute: () => ({ name: "Ada", tier: "pro" }),
});
const memory = defineStage({
  name: "memory",
  kind: StageKind.ENRICH,
  execute: () => ({ lastTopic: "billing" }),
});
const answer = defineStage({
  name: "answer",
  kind: StageKind.TRANSFORM,
  execute: (ctx) => {
    const user = ctx.inputs.getFrom<string>("profile", "name", "there");
    const topic = ctx.inputs.getFrom<string>("memory", "lastTopic", "nothing");
    return { text: `Hi ${user}! Last time we talked about ${topic}. You asked: ${ctx.snapshot.inputText}` };
  },
});

const graph = new Pipeline("demo_chat")
  .withStage(guard)
  .withStage(profile, { dependsOn: [guard] })
  .withStage(memory, { dependsOn: [guard] })
  .withStage(answer, { dependsOn: [profile, memory], timeoutMs: 5_000 })
  .build();

const sink = new CallbackEventSink((e) => {
  console.log(`${e.type.padEnd(20)} ${e.stage ?? ""}`);
});
const result = await graph.run(ContextSnapshot.create({ inputText: "How do refunds work?" }), {
  eventSink: sink,
});
console.log(`\nstatus: ${result.status}`);
console.log(`answer: ${String((result.output("answer")?.data as { text: string } | undefined)?.text)}`);
