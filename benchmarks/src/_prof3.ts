import {
  ContextSnapshot,
  defineStage,
  Pipeline,
  TimeoutInterceptor,
  type Interceptor,
  type StageContext,
  type EventSink,
} from "@stageflow/core";
import { RetryInterceptor } from "@stageflow/retry";
import { RecordingEventSink } from "@stageflow/testing";
import { chain } from "./shapes.js";
import { cpuMs } from "./measure.js";
async function execute(ctx: StageContext): Promise<number> {
  let m = 0;
  for (const n of ctx.inputs.names) {
    const v = ctx.inputs.get(n)?.data as number;
    if (v > m) m = v;
  }
  return m + 1;
}
const shape = chain(1000);
const variant = process.argv[2]!;
const ics: Interceptor[] = [];
if (variant.includes("retry")) ics.push(new RetryInterceptor({ maxAttempts: 3 }));
if (variant.includes("timeout")) ics.push(new TimeoutInterceptor({ timeoutMs: 60000 }));
const p = new Pipeline("x", { interceptors: ics });
shape.deps.forEach((d, i) =>
  p.withStage(defineStage({ name: shape.names[i]!, execute }), { dependsOn: d.map((x) => shape.names[x]!) }),
);
const g = p.build();
const sink = (): EventSink | undefined =>
  variant.includes("rec") ? new RecordingEventSink() : variant.includes("cb") ? { emit() {} } : undefined;
for (let r = 0; r < 3; r++) {
  const t0 = cpuMs();
  const runs = 50;
  for (let k = 0; k < runs; k++) {
    const s = sink();
    await g.run(ContextSnapshot.create({}), s ? { eventSink: s } : {});
  }
  console.log(variant, (((cpuMs() - t0) * 1000) / runs / 1000).toFixed(3), "µs/stage");
}
