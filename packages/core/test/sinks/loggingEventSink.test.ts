import { describe, expect, it } from "vitest";
import {
  InvalidOptionsError,
  LoggingEventSink,
  type CompatibleLogger,
  type LogLevel,
} from "../../src/index.js";
import { event } from "./sinks.helpers.js";

/** A pino-shaped logger that records one line per call. */
class LineLogger implements CompatibleLogger {
  readonly lines: Array<{ level: LogLevel; obj: object; msg: string | undefined }> = [];
  debug(obj: object, msg?: string): void {
    this.lines.push({ level: "debug", obj, msg });
  }
  info(obj: object, msg?: string): void {
    this.lines.push({ level: "info", obj, msg });
  }
  warn(obj: object, msg?: string): void {
    this.lines.push({ level: "warn", obj, msg });
  }
  error(obj: object, msg?: string): void {
    this.lines.push({ level: "error", obj, msg });
  }
}

describe("LoggingEventSink", () => {
  it("writes one structured line per event with a level chosen by event type", () => {
    const logger = new LineLogger();
    const sink = new LoggingEventSink({ logger });
    sink.emit(event("pipeline.started"));
    sink.emit(event("stage.started", 1, "a"));
    sink.emit(event("stage.completed", 2, "a"));
    sink.emit(event("stage.timeout", 3, "b"));
    sink.emit(event("stage.failed", 4, "b"));
    sink.emit(event("pipeline.cancelled", 5));
    expect(logger.lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      "info pipeline.started",
      "debug stage.started a",
      "info stage.completed a",
      "warn stage.timeout b",
      "error stage.failed b",
      "warn pipeline.cancelled",
    ]);
    expect(logger.lines[1]?.obj).toEqual(event("stage.started", 1, "a"));
  });

  it("uses a custom level picker", () => {
    const logger = new LineLogger();
    new LoggingEventSink({ logger, levelFor: () => "error" }).emit(event("stage.completed", 0, "a"));
    expect(logger.lines[0]?.level).toBe("error");
  });

  it("validates its options, naming the closest key", async () => {
    expect(() => new LoggingEventSink({ logger: { info: () => undefined } as never })).toThrow(
      /debug, info, warn and error/,
    );
    expect(
      () => new LoggingEventSink({ logger: new LineLogger(), level_for: () => "info" } as never),
    ).toThrow(/Did you mean "levelFor"\?/);
    expect(() => new LoggingEventSink({ logger: new LineLogger(), levelFor: "info" as never })).toThrow(
      InvalidOptionsError,
    );
    await expect(new LoggingEventSink({ logger: new LineLogger() }).flush()).resolves.toBeUndefined();
  });
});
