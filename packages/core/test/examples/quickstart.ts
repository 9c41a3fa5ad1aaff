import { z } from "zod";
import {
  CallbackEventSink,
  ContextSnapshot,
  Pipeline,
  StageKind,
  StageOutput,
  defineStage,
} from "@stageflow/core";

const FAQ = ["Refunds are issued within 14 days.", "Shipping takes 3 to 5 days."];

const guard = defineStage({
  name: "guard",
  kind: StageKind.GUARD,
  execute: (ctx) => (ctx.snapshot.inputText?.trim() ? undefined : StageOutput.cancel("empty question")),
});

const retrieve = defineStage({
  name: "retrieve",
  kind: StageKind.ENRICH,
  output: z.object({ docs: z.array(z.string()) }),
  execute: (ctx) => {
    const words = (ctx.snapshot.inputText ?? "")
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => w.length > 3);
    return { docs: FAQ.filter((doc) => words.some((w) => doc.toLowerCase().includes(w.slice(0, 5)))) };
  },
});

const answer = defineStage({
  name: "answer",
  execute: (ctx) => {
    const { docs } = ctx.inputs.require(retrieve).data; // typed by retrieve's schema
    return { text: docs[0] ?? "Sorry, I don't know." };
  },
});

const graph = new Pipeline("faq")
  .withStage(guard)
  .withStage(retrieve, { dependsOn: [guard] })
  .withStage(answer, { dependsOn: [retrieve], timeoutMs: 5_000 })
  .build();

const sink = new CallbackEventSink((event) => console.log(event.type, event.stage ?? ""));
const result = await graph.run(ContextSnapshot.create({ inputText: "How do refunds work?" }), {
  eventSink: sink,
});

console.log(result.status, result.require("answer").data);
// completed { text: 'Refunds are issued within 14 days.' }
