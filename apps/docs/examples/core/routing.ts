// ROUTE stages select branches; unselected branches are pruned and a merge runs with whatever ran.
import { ContextSnapshot, Pipeline, StageKind, StageOutput, defineStage } from "@stageflow/core";

const classify = defineStage({
  name: "classify",
  kind: StageKind.ROUTE,
  execute: (ctx) =>
    StageOutput.ok({ route: (ctx.snapshot.inputText ?? "").includes("refund") ? "billing" : "general" }),
});
const billing = defineStage({ name: "billing", execute: () => ({ answer: "Refunds take 5 days." }) });
const general = defineStage({ name: "general", execute: () => ({ answer: "Happy to help!" }) });
const billingFollowUp = defineStage({ name: "billingFollowUp", execute: () => ({ ticket: "B-1" }) });
const reply = defineStage({
  name: "reply",
  execute: (ctx) => {
    const ran = ctx.inputs.names.filter((name) => ctx.inputs.has(name));
    return { from: ran, text: ran.map((name) => ctx.inputs.getFrom<string>(name, "answer", "")).join("") };
  },
});
const graph = new Pipeline("router")
  .withStage(classify)
  .withStage(billing, { dependsOn: [classify] })
  .withStage(general, { dependsOn: [classify] })
  .withStage(billingFollowUp, { dependsOn: [billing] })
  .withStage(reply, { dependsOn: [billing, general] })
  .build();

const result = await graph.run(ContextSnapshot.create({ inputText: "I want a refund" }));
for (const [name, record] of Object.entries(result.stages)) {
  console.log(`${name}: ${record.status}${record.pruned ? " (pruned)" : ""}`);
}
console.log("reply:", JSON.stringify(result.require("reply").data));
