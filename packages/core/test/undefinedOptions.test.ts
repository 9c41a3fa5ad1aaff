import { describe, expect, it } from "vitest";
import {
  BufferedEventSink,
  CallbackEventSink,
  CompositeEventSink,
  ContextSnapshot,
  LoggingEventSink,
  Pipeline,
  TimeoutInterceptor,
  createContextKey,
  createStageContext,
  defineStage,
  StageOutput,
  type AnyStageflowEvent,
  type BufferedEventSinkOptions,
  type CallbackEventSinkOptions,
  type CompatibleLogger,
  type CompositeEventSinkOptions,
  type ContextKeyOptions,
  type ContextSnapshotInit,
  type ContextSnapshotJSON,
  type CreateStageContextOptions,
  type Interceptor,
  type LogLevel,
  type PipelineOptions,
  type RunOptions,
  type StageContext,
  type StageOptions,
} from "../src/index.js";
import { RUN_OPTION_KEYS, STAGE_OPTION_KEYS } from "../src/options.js";
import { okStage } from "./helpers/stages.js";
import { event } from "./sinks/sinks.helpers.js";
import { variants, type AllUndefined } from "../../../tests/support/undefinedOptions.js";

/** A snapshot's JSON without the fields generated anew for each snapshot. */
function comparable(snapshot: ContextSnapshot): Omit<ContextSnapshotJSON, "runId" | "createdAt"> {
  const { runId: _runId, createdAt: _createdAt, ...rest } = snapshot.toJSON();
  return rest;
}

const SNAPSHOT_INIT: AllUndefined<ContextSnapshotInit> = {
  runId: undefined,
  input: undefined,
  inputText: undefined,
  conversation: undefined,
  enrichments: undefined,
  extensions: undefined,
  topology: undefined,
  executionMode: undefined,
  metadata: undefined,
  createdAt: undefined,
};
const RUN_ID: AllUndefined<NonNullable<ContextSnapshotInit["runId"]>> = {
  pipelineRunId: undefined,
  requestId: undefined,
  sessionId: undefined,
  userId: undefined,
  orgId: undefined,
  interactionId: undefined,
};
const CONVERSATION: AllUndefined<NonNullable<ContextSnapshotInit["conversation"]>> = {
  messages: undefined,
  routingDecision: undefined,
};
const PIPELINE_OPTIONS: AllUndefined<PipelineOptions> = { interceptors: undefined, plugins: undefined };
const STAGE_OPTIONS: AllUndefined<StageOptions> = {
  dependsOn: undefined,
  when: undefined,
  interceptors: undefined,
  timeoutMs: undefined,
  branch: undefined,
};
const RUN_OPTIONS: AllUndefined<RunOptions> = {
  eventSink: undefined,
  onSinkError: undefined,
  interceptors: undefined,
  plugins: undefined,
  signal: undefined,
  clock: undefined,
  random: undefined,
  abortGraceMs: undefined,
};

describe("an option given as undefined is treated as absent", () => {
  describe("ContextSnapshot.create", () => {
    const reference = comparable(ContextSnapshot.create());

    it.each(variants(SNAPSHOT_INIT))("%s: the defaults apply and the JSON round trip holds", (_, init) => {
      const snapshot = ContextSnapshot.create(init);
      expect(comparable(snapshot)).toStrictEqual(reference);
      expect(snapshot.runId.pipelineRunId).toMatch(/.+/);
      expect(Date.parse(snapshot.createdAt)).not.toBeNaN();
      const json = snapshot.toJSON();
      expect(Object.values(json)).not.toContain(undefined);
      expect(ContextSnapshot.fromJSON(json).toJSON()).toStrictEqual(json);
      expect(ContextSnapshot.fromJSON(JSON.stringify(snapshot)).toJSON()).toStrictEqual(json);
    });

    it.each(variants(RUN_ID))("runId.%s: the id is still generated and the rest is null", (_, runId) => {
      const snapshot = ContextSnapshot.create({ runId });
      const { pipelineRunId, ...rest } = snapshot.runId;
      expect(pipelineRunId).toMatch(/.+/);
      expect(rest).toStrictEqual({
        requestId: null,
        sessionId: null,
        userId: null,
        orgId: null,
        interactionId: null,
      });
      expect(ContextSnapshot.fromJSON(JSON.stringify(snapshot)).runId).toStrictEqual(snapshot.runId);
    });

    it("keeps the fields given next to an undefined one", () => {
      const snapshot = ContextSnapshot.create({ runId: { userId: "u1", orgId: undefined }, inputText: "hi" });
      expect(snapshot.runId.userId).toBe("u1");
      expect(snapshot.runId.orgId).toBeNull();
      expect(snapshot.inputText).toBe("hi");
    });

    it.each(variants(CONVERSATION))(
      "conversation.%s: no messages and no routing decision",
      (_, conversation) => {
        const snapshot = ContextSnapshot.create({ conversation });
        expect(snapshot.conversation).toStrictEqual({ messages: [], routingDecision: null });
      },
    );

    it("leaves undefined message and routing decision fields out of the snapshot and its JSON", () => {
      const snapshot = ContextSnapshot.create({
        conversation: {
          messages: [
            { role: "user", content: "hi", name: undefined, timestamp: undefined, metadata: undefined },
          ],
          routingDecision: { route: "faq", confidence: undefined, reason: undefined },
        },
      });
      expect(snapshot.conversation).toStrictEqual({
        messages: [{ role: "user", content: "hi" }],
        routingDecision: { route: "faq" },
      });
      const text = JSON.stringify(snapshot);
      expect(ContextSnapshot.fromJSON(text).toJSON()).toStrictEqual(snapshot.toJSON());
    });

    it("fromJSON reads a field with a default given as undefined as absent", () => {
      const json = { ...ContextSnapshot.create().toJSON(), inputText: undefined, metadata: undefined };
      const snapshot = ContextSnapshot.fromJSON(json);
      expect(snapshot.inputText).toBeNull();
      expect(snapshot.metadata).toStrictEqual({});
    });
  });

  describe("Pipeline, withStage and graph.run", () => {
    it("the lists cover every option withStage and graph.run accept", () => {
      expect(Object.keys(STAGE_OPTIONS).sort()).toEqual([...STAGE_OPTION_KEYS].sort());
      expect(Object.keys(RUN_OPTIONS).sort()).toEqual([...RUN_OPTION_KEYS].sort());
    });

    it.each(variants(PIPELINE_OPTIONS))("new Pipeline(name, { %s: undefined })", async (_, options) => {
      const result = await new Pipeline("p", options).withStage(okStage("a")).run(ContextSnapshot.create());
      expect(result.status).toBe("completed");
    });

    it.each(variants(STAGE_OPTIONS))("withStage(stage, { %s: undefined })", async (_, options) => {
      const [a, b] = [okStage("a"), okStage("b")];
      const pipeline = new Pipeline("p").withStage(a).withStage(b, options);
      const reference = new Pipeline("p").withStage(a).withStage(b);
      expect(pipeline.entries[1]).toEqual(reference.entries[1]);
      expect(pipeline.entries[1]).toMatchObject({ dependsOn: [], when: undefined, branch: undefined });
      const result = await pipeline.run(ContextSnapshot.create());
      expect(result.status).toBe("completed");
      expect(result.stages.b?.status).toBe("ok");
    });

    it.each(variants(RUN_OPTIONS))("graph.run(snapshot, { %s: undefined })", async (_, options) => {
      const graph = new Pipeline("p").withStage(okStage("a")).build();
      const result = await graph.run(ContextSnapshot.create(), options);
      expect(result.status).toBe("completed");
      expect(result.sinkErrors).toBe(0);
    });

    it("a when condition without a description runs its stage", async () => {
      const result = await new Pipeline("p")
        .withStage(okStage("a"), { when: { evaluate: () => true, description: undefined } })
        .run(ContextSnapshot.create());
      expect(result.stages.a?.status).toBe("ok");
    });
  });

  describe("stages, interceptors and context keys", () => {
    it("defineStage with kind and output undefined makes a transform stage without a schema", () => {
      const stage = defineStage({ name: "a", kind: undefined, output: undefined, execute: () => 1 });
      expect(stage.kind).toBe("transform");
      expect(stage.output).toBeUndefined();
    });

    it("TimeoutInterceptor keeps its default priority", () => {
      expect(new TimeoutInterceptor({ timeoutMs: 10, priority: undefined }).priority).toBe(300);
    });

    it("an interceptor whose priority is undefined sits at the default priority", async () => {
      const calls: string[] = [];
      const named = (name: string, priority: number | undefined): Interceptor => ({
        name,
        priority,
        intercept: (_ctx, next) => {
          calls.push(name);
          return next();
        },
      });
      // Lower runs outside: the interceptor without a priority (100) wraps the one at 150.
      await new Pipeline("p", { interceptors: [named("at150", 150), named("unset", undefined)] })
        .withStage(okStage("a"))
        .run(ContextSnapshot.create());
      expect(calls).toEqual(["unset", "at150"]);
    });

    it("next({ attempt: undefined, signal: undefined }) keeps the attempt and the signal", async () => {
      let seen: StageContext | undefined;
      let outer: AbortSignal | undefined;
      const stage = defineStage({
        name: "a",
        execute: (ctx) => {
          seen = ctx;
        },
      });
      const result = await new Pipeline("p")
        .withStage(stage, {
          interceptors: [
            {
              name: "pass",
              intercept: (ctx, next) => {
                outer = ctx.signal;
                return next({ attempt: undefined, signal: undefined });
              },
            },
          ],
        })
        .run(ContextSnapshot.create());
      expect(result.status).toBe("completed");
      expect(seen?.attempt).toBe(1);
      expect(seen?.signal).toBe(outer);
    });

    it("createContextKey without default or forStage", () => {
      const options: AllUndefined<ContextKeyOptions<number>> = { default: undefined, forStage: undefined };
      const key = createContextKey<number>("n", options);
      expect(key.defaultValue).toBeUndefined();
      expect("forStage" in key).toBe(false);
      const ctx = createStageContext({ stageName: "a", values: [key.provide(7)] });
      expect(ctx.get(key)).toBe(7);
    });

    const CONTEXT_OPTIONS: AllUndefined<CreateStageContextOptions> = {
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

    it.each(variants(CONTEXT_OPTIONS))("createStageContext({ stageName, %s: undefined })", (_, options) => {
      const ctx = createStageContext({ stageName: "a", ...options });
      expect(ctx.stageName).toBe("a");
      expect(ctx.stageKind).toBe("transform");
      expect(ctx.attempt).toBe(1);
      expect(ctx.pipeline).toBe("standalone");
      expect(ctx.signal.aborted).toBe(false);
      expect(ctx.snapshot).toBeInstanceOf(ContextSnapshot);
      expect(ctx.inputs.names).toEqual([]);
      expect(typeof ctx.random()).toBe("number");
      expect(() => ctx.emit("app.note", {})).not.toThrow();
    });
  });

  describe("sinks", () => {
    it.each(variants<AllUndefined<CallbackEventSinkOptions>>({ redact: undefined }))(
      "CallbackEventSink { %s: undefined } delivers events unchanged",
      (_, options) => {
        const received: AnyStageflowEvent[] = [];
        const sink = new CallbackEventSink((e) => received.push(e), options);
        const sent = event("app.x", 1, "a");
        void sink.emit(sent);
        expect(received).toEqual([sent]);
      },
    );

    it.each(variants<AllUndefined<CompositeEventSinkOptions>>({ onSinkError: undefined, redact: undefined }))(
      "CompositeEventSink { %s: undefined } delivers events unchanged",
      (_, options) => {
        const received: AnyStageflowEvent[] = [];
        const sink = new CompositeEventSink([new CallbackEventSink((e) => received.push(e))], options);
        const sent = event("app.x", 1, "a");
        void sink.emit(sent);
        expect(received).toEqual([sent]);
      },
    );

    const BUFFERED: AllUndefined<BufferedEventSinkOptions> = {
      capacity: undefined,
      dropPolicy: undefined,
      onSinkError: undefined,
      redact: undefined,
    };

    it.each(variants(BUFFERED))(
      "BufferedEventSink { %s: undefined } holds 1000 events",
      async (_, options) => {
        const received: AnyStageflowEvent[] = [];
        const sink = new BufferedEventSink({
          target: new CallbackEventSink((e) => received.push(e)),
          ...options,
        });
        for (let n = 0; n < 1001; n++) sink.emit(event("app.x", n));
        // The default capacity is 1000 and the default policy drops the oldest.
        expect(sink.droppedCount).toBe(1);
        await sink.flush();
        expect(received).toHaveLength(1000);
        expect(received[0]?.data).toEqual({ n: 1 });
      },
    );

    it("LoggingEventSink { levelFor: undefined, redact: undefined } logs at the default levels", () => {
      const levels: LogLevel[] = [];
      const log = (level: LogLevel) => (): void => {
        levels.push(level);
      };
      const logger: CompatibleLogger = {
        debug: log("debug"),
        info: log("info"),
        warn: log("warn"),
        error: log("error"),
      };
      const sink = new LoggingEventSink({ logger, levelFor: undefined, redact: undefined });
      sink.emit(event("stage.started", 0, "a"));
      sink.emit(event("stage.failed", 1, "a"));
      expect(levels).toEqual(["debug", "error"]);
    });
  });
});

describe("StageOutput extras given as undefined", () => {
  it("give the defaults: no artifacts, no events, no duration", () => {
    const extras = { artifacts: undefined, events: undefined, durationMs: undefined };
    for (const output of [StageOutput.ok(1, extras), StageOutput.fail("x", undefined, extras)]) {
      expect(output.artifacts).toEqual([]);
      expect(output.events).toEqual([]);
      expect("durationMs" in output).toBe(false);
    }
  });
});
