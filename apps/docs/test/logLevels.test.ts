/**
 * @module The level table that the core README and the events guide give for `LoggingEventSink` is the
 * level the sink really logs each event type at.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LoggingEventSink, type CompatibleLogger, type LogLevel } from "@stageflow/core";
import { createSampleEvents } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { guidesDir, repoDir } from "../scripts/lib/paths.js";

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** The documented level of each event type named in a `| \`level\` | \`type\`, … |` table row. */
function documentedLevels(markdown: string): Map<string, LogLevel> {
  const levels = new Map<string, LogLevel>();
  for (const line of markdown.split("\n")) {
    const row = /^\|\s*`(debug|info|warn|error)`\s*\|(.*)\|\s*$/.exec(line);
    if (row === null) continue;
    for (const [, type] of (row[2] as string).matchAll(/`([a-z_]+\.[a-z_]+)`/g)) {
      expect(levels.has(type as string), `${type} is listed twice`).toBe(false);
      levels.set(type as string, row[1] as LogLevel);
    }
  }
  return levels;
}

/** The level the sink logs each event at, by type. */
function actualLevels(events: ReturnType<typeof createSampleEvents>): Map<string, LogLevel> {
  const levels = new Map<string, LogLevel>();
  const logger = Object.fromEntries(
    LEVELS.map((level) => [level, (obj: { type: string }) => void levels.set(obj.type, level)]),
  ) as unknown as CompatibleLogger;
  const sink = new LoggingEventSink({ logger });
  for (const event of events) sink.emit(event);
  return levels;
}

const documents = {
  "packages/core/README.md": join(repoDir, "packages/core/README.md"),
  "guides/03-events-and-sinks.md": join(guidesDir, "03-events-and-sinks.md"),
};

describe("LoggingEventSink's documented levels", () => {
  for (const [name, path] of Object.entries(documents)) {
    it(`${name} gives the level of every built-in event type, as the sink logs it`, () => {
      const documented = documentedLevels(readFileSync(path, "utf8"));
      const events = createSampleEvents();
      expect(events.length).toBeGreaterThan(20);
      expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(actualLevels(events)));
    });
  }

  it("logs custom event types at info, as documented", () => {
    const custom = { ...createSampleEvents()[0]!, type: "my.event", data: {} };
    expect(actualLevels([custom]).get("my.event")).toBe("info");
  });
});
