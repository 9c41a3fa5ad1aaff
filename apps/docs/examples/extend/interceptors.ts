// Interceptors wrap each stage attempt like an onion: lower priority = further out.
import {
  ContextSnapshot,
  Pipeline,
  StageOutput,
  defineStage,
  type Interceptor,
  type InterceptorContext,
  type NextFn,
} from "@stageflow/core";

const trace: string[] = [];

// Full control: run code around next(), which always resolves to a StageOutput.
function tracer(name: string, priority: number): Interceptor {
  return {
    name,
    priority,
    async intercept(ctx: InterceptorContext, next: NextFn): Promise<StageOutput> {
      trace.push(`${name} > ${ctx.stageName}`);
      const output = await next();
      trace.push(`${name} < ${ctx.stageName} (${output.status})`);
      return output;
    },
  };
}

// Sugar: onError may replace a failed output, here with a fallback answer.
const fallback: Interceptor = {
  name: "fallback",
  priority: 150,
  onError: (ctx, error) => {
    trace.push(`fallback caught "${error.message}" in ${ctx.stageName}`);
    return StageOutput.ok({ answer: "Sorry, try again later." });
  },
};

const answer = defineStage({
  name: "answer",
  execute: () => {
    trace.push("answer runs");
    throw new Error("model unavailable");
  },
});

const graph = new Pipeline("onion", { interceptors: [tracer("pipeline-level", 100)] })
  .withStage(answer, { interceptors: [fallback, tracer("stage-level", 50)] })
  .build();

const result = await graph.run(ContextSnapshot.create(), { interceptors: [tracer("run-level", 100)] });
trace.forEach((line) => console.log(line));
console.log("result:", result.status, JSON.stringify(result.require("answer").data));
