// A logger that keeps what it is given, and a sink that masks secrets before logging.
import { LoggingEventSink } from "@stageflow/core";

export const logged: object[] = [];
const keep = (obj: object): void => void logged.push(obj);
const logger = { debug: keep, info: keep, warn: keep, error: keep };

// #region sink
const sink = new LoggingEventSink({ logger, redact: ["apiKey", "authorization", "email"] });
// #endregion

export { sink };
