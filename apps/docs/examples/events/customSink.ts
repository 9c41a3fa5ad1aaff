// Plugging a custom sink into a run, next to the built-in ones.
import {
  CompositeEventSink,
  ContextSnapshot,
  LoggingEventSink,
  Pipeline,
  StageOutput,
  defineStage,
  type AnyStageflowEvent,
  type CompatibleLogger,
} from "@stageflow/core";
import { BatchingSink } from "../shared/batchingSink.js";

const batches: string[][] = [];
const shipping = new BatchingSink({
  maxBatch: 4,
  send: async (batch: readonly AnyStageflowEvent[]) => {
    batches.push(batch.map((e) => (e.stage === undefined ? e.type : `${e.type}(${e.stage})`)));
  },
});

// Any pino-compatible logger works; this one collects "level message" lines.
const lines: string[] = [];
const logger: CompatibleLogger = {
  debug: (_obj, msg) => lines.push(`debug ${msg}`),
  info: (_obj, msg) => lines.push(`info ${msg}`),
  warn: (_obj, msg) => lines.push(`warn ${msg}`),
  error: (_obj, msg) => lines.push(`error ${msg}`),
};

// A sink that throws never fails the run: its errors are counted and reported.
const broken = {
  emit: (): void => {
    throw new Error("disk full");
  },
};

const graph = new Pipeline("events-demo")
  .withStage(defineStage({ name: "fetch", execute: () => ({ rows: 3 }) }))
  .withStage(defineStage({ name: "store", execute: () => StageOutput.fail(new Error("database offline")) }), {
    dependsOn: ["fetch"],
  })
  .build();

const failures = new Set<string>();
const eventSink = new CompositeEventSink([shipping, new LoggingEventSink({ logger }), broken], {
  onSinkError: (error) => failures.add(String(error)),
});
const result = await graph.run(ContextSnapshot.create(), { eventSink });
await shipping.flush(); // flush before exit so the last batch is not lost

console.log("status:", result.status);
batches.forEach((batch, i) => console.log(`batch ${i + 1}:`, batch.join(", ")));
console.log("log:", lines.join(" | "));
console.log(`sink errors: ${eventSink.errorCount} (${[...failures].join(", ")})`);
