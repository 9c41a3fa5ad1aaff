import { computeRetryDelay } from "@stageflow/retry";

const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
  computeRetryDelay({
    attempt,
    baseDelayMs: 1000,
    maxDelayMs: 10_000,
    backoff: "exponential",
    jitter: "none",
  }),
);
console.log(delays); // [1000, 2000, 4000, 8000, 10000, 10000]
