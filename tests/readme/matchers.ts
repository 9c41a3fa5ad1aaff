import { sink } from "./stages.js";
// #region matchers
import { expect } from "vitest";
import { stageflowMatchers } from "@stageflow/testing/vitest";

expect.extend(stageflowMatchers);

expect(sink).toHaveEmitted("stage.completed", { stage: "llm" });
expect(sink).toHaveEmitted("stage.retry_scheduled", { data: { attempt: 1, delayMs: expect.any(Number) } });
expect(sink).toHaveEmittedTimes("stage.started", 2);
expect(sink).toHaveEmittedInOrder(["stage.started", "stage.retry_scheduled", "stage.completed"]);
// #endregion
