// A circuit breaker stops calling a dependency that keeps failing, then probes it after a pause.
import { ContextSnapshot, Pipeline, defineStage } from "@stageflow/core";
import { CircuitBreaker, CircuitBreakerInterceptor } from "@stageflow/tolerance";
import { FakeClock, RecordingEventSink } from "@stageflow/testing";

let healthy = false;
let calls = 0;
const search = defineStage({
  name: "search",
  execute: () => {
    calls++;
    if (!healthy) throw new Error("search backend timed out");
    return { hits: 12 };
  },
});

// One breaker shared by every run, so failures in one request protect the next ones.
const breaker = new CircuitBreaker({ failureThreshold: 2, halfOpenAfterMs: 30_000 });
const graph = new Pipeline("search")
  .withStage(search, { interceptors: [new CircuitBreakerInterceptor({ breaker })] })
  .build();
const clock = new FakeClock();
const sink = new RecordingEventSink();

async function request(label: string): Promise<void> {
  const result = await graph.run(ContextSnapshot.create(), { clock, eventSink: sink });
  const record = result.stages["search"];
  console.log(
    `${label}: ${record?.status}${record?.error ? ` (${record.error.name})` : ""}, circuit ${breaker.stateOf("search")}, backend calls ${calls}`,
  );
}

await request("request 1");
await request("request 2"); // its failure opens the circuit: a CircuitOpenError whose cause is that failure
await request("request 3"); // refused without calling the backend
healthy = true;
await clock.advance(30_000);
await request("request 4"); // the probe succeeds and closes the circuit
console.log(
  "events:",
  sink
    .types()
    .filter((t) => t.startsWith("circuit."))
    .join(", "),
);
