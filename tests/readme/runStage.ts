import { expect } from "vitest";
import { answer } from "./stages.js";
// #region runStage
import { StageOutput } from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";
import { runStage } from "@stageflow/testing";

const { output, record, events, result } = await runStage(answer, {
  inputs: { retrieve: StageOutput.ok({ docs: ["Refunds take 5 days."] }) },
  interceptors: [new RetryInterceptor({ maxAttempts: 3 })],
  timeoutMs: 30_000,
});
expect(output.status).toBe("ok");
expect(record.attempts).toBe(2); // the first attempt failed; its backoff took no real time
expect(events.map((e) => e.type)).toContain("stage.retry_scheduled"); // the stage's own events
expect(result.stages.retrieve?.status).toBe("ok"); // the upstream stage made from `inputs`
// #endregion
