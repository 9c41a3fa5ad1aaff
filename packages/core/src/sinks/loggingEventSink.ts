/**
 * @module A sink that writes events to any pino-compatible logger.
 */
import type { EventSink } from "../events/eventSink.js";
import type { AnyStageflowEvent } from "../events/eventTypes.js";
import { createRedactor, type Redactor } from "../events/redact.js";
import { InvalidOptionsError } from "../errors/invalidOptionsError.js";
import { assertKnownOptions } from "../options.js";

/** The subset of a pino-style logger the sink uses: `(object, message)` methods per level. */
export interface CompatibleLogger {
  /** Logs at debug level: the event's fields as `obj`, a short line as `msg`. */
  debug(obj: object, msg?: string): void;
  /** Logs at info level. */
  info(obj: object, msg?: string): void;
  /** Logs at warn level. */
  warn(obj: object, msg?: string): void;
  /** Logs at error level. */
  error(obj: object, msg?: string): void;
}

/** A log level used by {@link LoggingEventSink}. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Options of {@link LoggingEventSink}. */
export interface LoggingEventSinkOptions {
  /** A pino, bunyan-style or console-like logger with `debug/info/warn/error(obj, msg)`. */
  readonly logger: CompatibleLogger;
  /** Picks the level for an event; by default failures log at `error`, timeouts, retries and sheds at `warn`, the rest at `info` (`debug` for `stage.started`). */
  readonly levelFor?: ((event: AnyStageflowEvent) => LogLevel) | undefined;
  /** Masks fields of each event's `data` (or rewrites or drops events) before they are logged. */
  readonly redact?: Redactor | undefined;
}

const WARN = new Set([
  "stage.timeout",
  "stage.retry_scheduled",
  "stage.shed",
  "backpressure.overloaded",
  "circuit.opened",
  "context.near_limit",
  "context.stale",
  "context.truncation",
  "context.conflict",
  "pipeline.cancelled",
  "stage.cancelled",
]);
const ERROR = new Set(["stage.failed", "pipeline.failed", "stage.retry_exhausted", "failure.recorded"]);

const LEVELS = ["debug", "info", "warn", "error"] as const;

function defaultLevel(event: AnyStageflowEvent): LogLevel {
  if (ERROR.has(event.type)) return "error";
  if (WARN.has(event.type)) return "warn";
  return event.type === "stage.started" ? "debug" : "info";
}

/**
 * Logs each event as one structured line: the event fields as the object, the type (and stage) as
 * the message.
 * @example
 * ```ts
 * import pino from "pino";
 * const sink = new LoggingEventSink({ logger: pino() });
 * ```
 */
export class LoggingEventSink implements EventSink {
  readonly #logger: CompatibleLogger;
  readonly #levelFor: (event: AnyStageflowEvent) => LogLevel;
  readonly #redact: (event: AnyStageflowEvent) => AnyStageflowEvent | undefined;

  /** @param options - the logger and an optional level picker */
  constructor(options: LoggingEventSinkOptions) {
    assertKnownOptions("LoggingEventSink", options, ["logger", "levelFor", "redact"]);
    const logger = options?.logger as Partial<CompatibleLogger> | undefined;
    if (LEVELS.some((level) => typeof logger?.[level] !== "function")) {
      throw new InvalidOptionsError(
        "LoggingEventSink",
        "logger needs debug, info, warn and error methods (pino-compatible).",
      );
    }
    if (options.levelFor !== undefined && typeof options.levelFor !== "function") {
      throw new InvalidOptionsError("LoggingEventSink", "levelFor must be a function (event) => level.");
    }
    this.#logger = options.logger;
    this.#levelFor = options.levelFor ?? defaultLevel;
    this.#redact = createRedactor(options.redact, "LoggingEventSink");
  }

  /** Logs the event. */
  emit(original: AnyStageflowEvent): void {
    const event = this.#redact(original);
    if (event === undefined) return;
    const level = this.#levelFor(event);
    this.#logger[level](
      { ...event },
      event.stage === undefined ? event.type : `${event.type} ${event.stage}`,
    );
  }

  /** Resolves at once: the logger owns its buffering. */
  async flush(): Promise<void> {}
}
