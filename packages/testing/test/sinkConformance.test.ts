import {
  BufferedEventSink,
  CallbackEventSink,
  CompositeEventSink,
  LoggingEventSink,
  NoOpEventSink,
  type AnyStageflowEvent,
  type CompatibleLogger,
} from "@stageflow/core";
import { RecordingEventSink } from "@stageflow/testing";
import { testEventSinkConformance } from "@stageflow/testing/vitest";

/** A pino-style logger that hands each logged object back as the event it came from. */
function recordingLogger(received: (event: AnyStageflowEvent) => void): CompatibleLogger {
  const log = (obj: object): void => received(obj as AnyStageflowEvent);
  return { debug: log, info: log, warn: log, error: log };
}

testEventSinkConformance(() => new NoOpEventSink(), { name: "NoOpEventSink", lossless: false });

testEventSinkConformance((received) => new CallbackEventSink(received), { name: "CallbackEventSink" });

testEventSinkConformance(
  (received) =>
    new CompositeEventSink([new CallbackEventSink(received), new NoOpEventSink(), new RecordingEventSink()]),
  { name: "CompositeEventSink" },
);

testEventSinkConformance(
  (received) => new BufferedEventSink({ target: new CallbackEventSink(received), capacity: 10_000 }),
  {
    name: "BufferedEventSink",
  },
);

testEventSinkConformance((received) => new LoggingEventSink({ logger: recordingLogger(received) }), {
  name: "LoggingEventSink",
});

// It keeps events rather than forwarding them: delivery is asserted in its own tests.
testEventSinkConformance(() => new RecordingEventSink(), { name: "RecordingEventSink", lossless: false });
