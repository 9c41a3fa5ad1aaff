import { describe, expect, it } from "vitest";
import * as core from "../src/index.js";

describe("@stageflow/core public surface", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "AbortLink",
        "BufferedEventSink",
        "CallbackEventSink",
        "CompositeEventSink",
        "ContextSnapshot",
        "ContextSnapshotSchema",
        "ConversationSchema",
        "CycleDetectedError",
        "DEFAULT_INTERCEPTOR_PRIORITY",
        "InvalidOptionsError",
        "InvalidSnapshotError",
        "InvalidStageOutputError",
        "LoggingEventSink",
        "MessageSchema",
        "MissingContextValueError",
        "NoOpEventSink",
        "NonErrorThrownError",
        "OptionCallbackError",
        "Pipeline",
        "PipelineCancelledError",
        "PipelineFailedError",
        "PipelineResult",
        "PipelineValidationError",
        "REDACTED",
        "RoutingDecisionSchema",
        "RunIdentitySchema",
        "StageGraph",
        "StageInputs",
        "StageKind",
        "StageOutput",
        "StageStatus",
        "StageTimeoutError",
        "StageflowError",
        "TimeoutInterceptor",
        "UndeclaredDependencyError",
        "assertKnownOptions",
        "closestMatch",
        "createContextKey",
        "createRedactor",
        "createStageContext",
        "defineStage",
        "isStageKind",
        "isStageOutput",
        "isStageflowError",
        "onAbort",
        "serializeError",
        "systemClock",
      ]
    `);
  });
});
