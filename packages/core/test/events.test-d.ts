import { describe, expectTypeOf, it } from "vitest";
import {
  CallbackEventSink,
  defineStage,
  isEventType,
  type AnyStageflowEvent,
  type Plugin,
  type SerializedError,
} from "../src/index.js";

describe("event types", () => {
  it("narrows what a sink receives with isEventType, typing data", () => {
    const sink = new CallbackEventSink((event) => {
      expectTypeOf(event).toEqualTypeOf<AnyStageflowEvent>();
      if (isEventType(event, "stage.failed")) expectTypeOf(event.data.error).toEqualTypeOf<SerializedError>();
      if (isEventType(event, "stage.timeout")) expectTypeOf(event.data.timeoutMs).toEqualTypeOf<number>();
      if (isEventType(event, "stage.completed", "stage.skipped")) {
        expectTypeOf(event.type).toEqualTypeOf<"stage.completed" | "stage.skipped">();
      }
      // @ts-expect-error not an event type
      isEventType(event, "stage.faild");
    });
    expectTypeOf(sink).toHaveProperty("emit");
  });

  it("checks the payload of known event types in ctx.emit and a plugin's run.emit", () => {
    defineStage({
      name: "s",
      execute: (ctx) => {
        ctx.emit("stage.timeout", { timeoutMs: 5 });
        // @ts-expect-error misspelt payload field of a built-in event
        ctx.emit("stage.timeout", { timeoutMS: 5 });
        // @ts-expect-error the executor's own lifecycle event
        ctx.emit("stage.completed", { attempts: 1, durationMs: 0 });
        ctx.emit("my.custom", { anything: 1 });
        ctx.emit("my.custom");
        const dynamic: string = ctx.stageName;
        ctx.emit(dynamic, {});
      },
    });
    const plugin: Plugin = {
      name: "p",
      onRunStart(run) {
        run.emit("stage.timeout", { timeoutMs: 5 }, "s");
        // @ts-expect-error misspelt payload field of a built-in event
        run.emit("stage.timeout", { timeoutMS: 5 }, "s");
        run.emit("my.custom", 1);
        // @ts-expect-error the executor's own lifecycle event
        run.emit("pipeline.started", { stageCount: 1 });
      },
    };
    expectTypeOf(plugin.name).toEqualTypeOf<string>();
  });
});
