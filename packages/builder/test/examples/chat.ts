import { ContextSnapshot, StageKind, StageOutput, defineStage } from "@stageflow/core";
import { FluentPipelineBuilder, lintPipeline } from "@stageflow/builder";
import { z } from "zod";

const guard = defineStage({
  name: "guard",
  kind: StageKind.GUARD,
  execute: (ctx) => (ctx.snapshot.inputText?.trim() ? undefined : StageOutput.cancel("empty message")),
});
const profile = defineStage({
  name: "profile",
  kind: StageKind.ENRICH,
  output: z.object({ tone: z.string() }),
  execute: async () => ({ tone: "friendly" }),
});
const memory = defineStage({
  name: "memory_enrich",
  kind: StageKind.ENRICH,
  output: z.object({ facts: z.array(z.string()) }),
  execute: async () => ({ facts: ["prefers short answers"] }),
});
const intent = defineStage({
  name: "intent",
  kind: StageKind.ROUTE,
  output: z.object({ route: z.enum(["search", "chat"]), query: z.string() }),
  execute: (ctx) => {
    const query = ctx.snapshot.inputText ?? "";
    const { facts } = ctx.inputs.require(memory).data; // memory always runs before intent
    return {
      route: query.endsWith("?") ? ("search" as const) : ("chat" as const),
      query: [query, ...facts].join(" "),
    };
  },
});
const webSearch = defineStage({
  name: "web_search",
  kind: StageKind.AGENT,
  output: z.object({ docs: z.array(z.string()) }),
  execute: async (ctx) => ({ docs: [`result for ${ctx.inputs.require(intent).data.query}`] }),
});
const smallTalk = defineStage({
  name: "small_talk",
  execute: (ctx) => ({ reply: `chatting about ${ctx.inputs.require(intent).data.query}` }),
});
const answer = defineStage({
  name: "answer",
  execute: (ctx) => {
    // Only the selected branch ran: the other's output is undefined. Check `status` before `data`.
    const search = ctx.inputs.get(webSearch);
    if (search?.status === "ok") return { text: `Found: ${search.data.docs.join("; ")}` };
    const talk = ctx.inputs.get(smallTalk);
    return { text: talk?.status === "ok" ? talk.data.reply : "" };
  },
});
const save = defineStage({
  name: "save",
  kind: StageKind.WORK,
  execute: async (ctx) => {
    console.log("saving", ctx.inputs.require(answer).data.text);
  },
});

export const chat = new FluentPipelineBuilder("chat")
  .stage(guard)
  .parallel(2, (i) => [profile, memory][i]!) // both hang off guard
  .conditionalBranch(intent, { search: webSearch, chat: smallTalk }, answer) // intent joins both
  .stage(save); // hangs off the merge

console.log(lintPipeline(chat)); // [] — nothing to report
const result = await chat.run(ContextSnapshot.create({ inputText: "what is stageflow?" }));
console.log(result.output("answer")?.data); // { text: 'Found: result for what is stageflow? prefers short answers' }
console.log(result.stages.small_talk); // { status: 'skip', pruned: true, reason: 'not selected by its route', … }
