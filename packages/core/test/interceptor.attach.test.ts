import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  defineStage,
  InvalidOptionsError,
  Pipeline,
  type EventSink,
  type Interceptor,
  type InterceptorTarget,
  type Plugin,
} from "../src/index.js";
import { RecordingSink } from "./helpers/recordingSink.js";
import { okStage } from "./helpers/stages.js";

const snapshot = (): ContextSnapshot => ContextSnapshot.create();

/** An interceptor that records each `attach` call (with what `log` held at that moment) and passes through. */
function attaching(name: string, log: string[] = []) {
  const targets: InterceptorTarget[] = [];
  const interceptor: Interceptor = {
    name,
    attach(target) {
      targets.push(target);
      log.push(`attach ${name}`);
    },
    intercept: (_ctx, next) => next(),
  };
  return { interceptor, targets };
}

/** An interceptor whose `attach` always throws `error`. */
function refusing(error: Error): Interceptor {
  return {
    name: "refusing",
    attach: () => {
      throw error;
    },
    intercept: (_ctx, next) => next(),
  };
}

/** A stage that logs `execute <name>`. */
function logged(name: string, log: string[]) {
  return defineStage({ name, execute: () => void log.push(`execute ${name}`) });
}

describe("Interceptor.attach", () => {
  it("is called once per pipeline and stage interceptor when the graph is built, with every stage name", () => {
    const shared = attaching("shared");
    const onStage = attaching("on-stage");
    const pipeline = new Pipeline("attach-build", { interceptors: [shared.interceptor] })
      .withStage(okStage("answer"), { dependsOn: ["retrieve"], interceptors: [onStage.interceptor] })
      .withStage(okStage("retrieve"), { interceptors: [shared.interceptor, onStage.interceptor] });
    expect(shared.targets).toEqual([]);
    const graph = pipeline.build();
    // The whole graph's names in topological order, also for the interceptor given to stages only.
    const target = { pipeline: "attach-build", stages: ["retrieve", "answer"] };
    expect(shared.targets).toEqual([target]);
    expect(onStage.targets).toEqual([target]);
    expect(Object.isFrozen(shared.targets[0])).toBe(true);
    expect(shared.targets[0]?.stages).toBe(graph.stageNames);
  });

  it("is called again for each new graph, but not for a cached graph or its runs", async () => {
    const stage = attaching("stage");
    const pipeline = new Pipeline("attach-rebuild").withStage(okStage("a"), {
      interceptors: [stage.interceptor],
    });
    const graph = pipeline.build();
    expect(pipeline.build()).toBe(graph);
    await graph.run(snapshot());
    await pipeline.run(snapshot());
    expect(stage.targets.map((t) => t.stages)).toEqual([["a"]]);
    pipeline.withStage(okStage("b"));
    pipeline.build();
    expect(stage.targets.map((t) => t.stages)).toEqual([["a"], ["a", "b"]]);
  });

  it("is called for each run interceptor when the run starts, before any event or stage", async () => {
    const log: string[] = [];
    const run = attaching("run", log);
    const graph = new Pipeline("attach-run")
      .withStage(logged("first", log))
      .withStage(logged("second", log), { dependsOn: ["first"] })
      .build();
    const sink: EventSink = { emit: (event) => void log.push(event.type) };
    const plugin: Plugin = { name: "starter", onRunStart: () => void log.push("onRunStart") };
    // Listed twice, called once.
    const interceptors = [run.interceptor, run.interceptor];
    const result = await graph.run(snapshot(), { interceptors, eventSink: sink, plugins: [plugin] });
    expect(result.status).toBe("completed");
    expect(log.slice(0, 3)).toEqual(["attach run", "pipeline.started", "onRunStart"]);
    expect(log.filter((l) => l.startsWith("attach"))).toEqual(["attach run"]);
    expect(run.targets).toEqual([{ pipeline: "attach-run", stages: ["first", "second"] }]);
    await graph.run(snapshot(), { interceptors });
    // Once per run, with the graph's one target object (nothing built per run).
    expect(run.targets).toHaveLength(2);
    expect(run.targets[1]).toBe(run.targets[0]);
  });

  it("refuses the graph when attach throws: build() throws that error and caches nothing", () => {
    const error = new Error("not for this pipeline");
    let refuse = true;
    const maybe: Interceptor = {
      name: "maybe",
      attach: () => {
        if (refuse) throw error;
      },
      intercept: (_ctx, next) => next(),
    };
    const onStage = new Pipeline("refused").withStage(okStage("a"), { interceptors: [maybe] });
    expect(() => onStage.build()).toThrow(error);
    refuse = false;
    expect(onStage.build().stageNames).toEqual(["a"]);
    const onPipeline = new Pipeline("refused", { interceptors: [refusing(error)] }).withStage(okStage("a"));
    expect(() => onPipeline.build()).toThrow(error);
  });

  it("rejects a run when a run interceptor's attach throws, with no stage run, no event and nothing left behind", async () => {
    const log: string[] = [];
    const error = new Error("not for this run");
    const graph = new Pipeline("refused-run").withStage(logged("only", log)).build();
    const sink = new RecordingSink();
    const controller = new AbortController();
    const plugin: Plugin = {
      name: "watcher",
      onRunStart: () => void log.push("onRunStart"),
      onRunEnd: () => void log.push("onRunEnd"),
    };
    const attached = attaching("first", log);
    const running = graph.run(snapshot(), {
      interceptors: [attached.interceptor, refusing(error)],
      eventSink: sink,
      signal: controller.signal,
      plugins: [plugin],
    });
    await expect(running).rejects.toBe(error);
    expect(log).toEqual(["attach first"]);
    expect(sink.events).toEqual([]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    // The graph is unharmed: a run without the refusing interceptor completes.
    const result = await graph.run(snapshot(), { eventSink: sink });
    expect(result.status).toBe("completed");
    expect(log).toEqual(["attach first", "execute only"]);
  });

  it("must be a function when present", async () => {
    const bad = { name: "bad", attach: "yes", intercept: (_ctx: unknown, next: () => unknown) => next() };
    const message = /interceptor "bad": attach, when present, must be a function/;
    expect(() => new Pipeline("p", { interceptors: [bad as never] })).toThrow(message);
    expect(() => new Pipeline("p").withStage(okStage("a"), { interceptors: [bad as never] })).toThrow(
      InvalidOptionsError,
    );
    const graph = new Pipeline("p").withStage(okStage("a")).build();
    await expect(graph.run(snapshot(), { interceptors: [bad as never] })).rejects.toThrow(message);
  });
});
