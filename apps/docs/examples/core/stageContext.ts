// What a stage sees: inputs of declared dependencies, run-scoped services, events, and its signal.
import {
  CallbackEventSink,
  ContextSnapshot,
  Pipeline,
  StageKind,
  StageOutput,
  UndeclaredDependencyError,
  createContextKey,
  defineStage,
  type Plugin,
} from "@stageflow/core";

// A run-scoped service: a plugin provides it, stages read it with ctx.get(key), fully typed.
interface Greeter {
  greet(name: string): string;
}
const GreeterKey = createContextKey<Greeter>("greeter");
const greeterPlugin: Plugin = {
  name: "greeter",
  provide: (run) => [GreeterKey.provide({ greet: (name) => `Hello ${name} (run ${run.runId})` })],
};

const lookup = defineStage({
  name: "lookup",
  kind: StageKind.ENRICH,
  execute: (ctx) => ({ name: ctx.snapshot.runId.userId ?? "stranger" }),
});

const audit = defineStage({
  name: "audit",
  kind: StageKind.WORK,
  execute: () => StageOutput.skip("audit disabled"),
});

const greet = defineStage({
  name: "greet",
  kind: StageKind.TRANSFORM,
  execute: (ctx) => {
    const name = ctx.inputs.getFrom<string>(lookup, "name", "stranger");
    ctx.recordStageEvent("progress", { step: "looked up user" }); // emits "stage.progress"
    ctx.emit("greeting.sent", { to: name }); // any dotted type; never throws
    try {
      ctx.inputs.get(audit); // not declared as a dependency of "greet"
    } catch (error) {
      if (error instanceof UndeclaredDependencyError) console.log("undeclared:", error.message);
    }
    return { text: ctx.get(GreeterKey).greet(name), attempt: ctx.attempt, aborted: ctx.signal.aborted };
  },
});

const graph = new Pipeline("greeting", { plugins: [greeterPlugin] })
  .withStage(lookup)
  .withStage(audit)
  .withStage(greet, { dependsOn: [lookup] })
  .build();

const custom: string[] = [];
const sink = new CallbackEventSink((event) => {
  if (!event.type.startsWith("pipeline.") && !["stage.started", "stage.completed"].includes(event.type)) {
    custom.push(
      `${event.type} ${event.stage ?? ""} ${JSON.stringify(event.data, (key, value: unknown) => (key === "durationMs" ? undefined : value))}`,
    );
  }
});
const result = await graph.run(ContextSnapshot.create({ runId: { pipelineRunId: "r1", userId: "ada" } }), {
  eventSink: sink,
});

console.log("greet:", JSON.stringify(result.require("greet").data));
console.log("audit:", result.stages["audit"]?.status, "-", result.stages["audit"]?.reason);
for (const line of custom) console.log("event:", line);
