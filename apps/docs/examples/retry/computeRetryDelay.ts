// The backoff formula as a pure function: print a schedule before you ship it.
import { BackoffStrategy, JitterStrategy, computeRetryDelay } from "@stageflow/retry";

for (const backoff of Object.values(BackoffStrategy)) {
  const schedule = [1, 2, 3, 4, 5, 6].map((attempt) =>
    computeRetryDelay({
      attempt,
      baseDelayMs: 1_000,
      maxDelayMs: 10_000,
      backoff,
      jitter: JitterStrategy.NONE,
    }),
  );
  console.log(`${backoff}:`, schedule.join(", "));
}
// Jitter spreads retries of many clients; with a fixed random source the result is reproducible.
const random = (): number => 0.5;
for (const jitter of Object.values(JitterStrategy)) {
  const delay = computeRetryDelay({
    attempt: 3,
    baseDelayMs: 1_000,
    maxDelayMs: 10_000,
    backoff: BackoffStrategy.EXPONENTIAL,
    jitter,
    previousDelayMs: 2_000,
    random,
  });
  console.log(`attempt 3, jitter ${jitter}:`, delay);
}
