import * as retry from "@stageflow/retry";
import { describe, expect, it } from "vitest";

describe("@stageflow/retry public surface", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(retry).sort()).toEqual([
      "BackoffStrategy",
      "JitterStrategy",
      "NonRetryableError",
      "RateLimitError",
      "RetryExhaustedError",
      "RetryInterceptor",
      "ServiceUnavailableError",
      "TransientError",
      "computeRetryDelay",
    ]);
  });

  it("spells the strategies as Python users expect, with lowercase values", () => {
    expect(retry.BackoffStrategy).toEqual({
      EXPONENTIAL: "exponential",
      LINEAR: "linear",
      CONSTANT: "constant",
    });
    expect(retry.JitterStrategy).toEqual({
      NONE: "none",
      FULL: "full",
      EQUAL: "equal",
      DECORRELATED: "decorrelated",
    });
  });
});
