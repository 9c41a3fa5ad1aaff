/**
 * @module Plugin tests: one plugin per name on a run; a run's plugin replaces the pipeline's of that name.
 */
import { describe, expect, it } from "vitest";
import {
  ContextSnapshot,
  InvalidOptionsError,
  Pipeline,
  createContextKey,
  defineStage,
  type Plugin,
} from "../src/index.js";
import { RecordingSink } from "./helpers/recordingSink.js";
import { failingStage } from "./helpers/stages.js";

const LimitKey = createContextKey<number>("limit");

/** A plugin that provides `limit` and logs its hooks as `label:hook`. */
function limitPlugin(name: string, limit: number, log: string[], label = `${name}=${limit}`): Plugin {
  return {
    name,
    onRunStart: () => void log.push(`${label}:start`),
    provide: () => [LimitKey.provide(limit)],
    onRunEnd: () => void log.push(`${label}:end`),
  };
}

const readLimit = defineStage({ name: "read", execute: (ctx) => ctx.get(LimitKey) });

describe("plugin names", () => {
  it("lets a run's plugin replace the pipeline's plugin of the same name, in its place", async () => {
    const log: string[] = [];
    const logOnly = (name: string): Plugin => ({
      name,
      onRunStart: () => void log.push(`${name}:start`),
      onRunEnd: () => void log.push(`${name}:end`),
    });
    const result = await new Pipeline("override", {
      plugins: [limitPlugin("limits", 10, log), logOnly("audit")],
    })
      .withStage(readLimit)
      .run(ContextSnapshot.create(), { plugins: [logOnly("extra"), limitPlugin("limits", 999, log)] });
    expect(result.output("read")?.data).toBe(999);
    expect(log).toEqual([
      "limits=999:start",
      "audit:start",
      "extra:start",
      "limits=999:end",
      "audit:end",
      "extra:end",
    ]);
  });

  it("gives stages the run's plugin's values, and never calls the replaced plugin", async () => {
    const log: string[] = [];
    const graph = new Pipeline("override", { plugins: [limitPlugin("limits", 10, log)] })
      .withStage(readLimit)
      .build();
    const overridden = await graph.run(ContextSnapshot.create(), {
      plugins: [limitPlugin("limits", 999, log)],
    });
    const plain = await graph.run(ContextSnapshot.create());
    expect(overridden.output("read")?.data).toBe(999);
    expect(plain.output("read")?.data).toBe(10);
    expect(log).toEqual(["limits=999:start", "limits=999:end", "limits=10:start", "limits=10:end"]);
  });

  it("treats a parenthesised suffix as configuration, not as part of the name", async () => {
    const decisions: string[] = [];
    const tolerance = (mode: "fail_fast" | "continue"): Plugin => ({
      name: `tolerance(${mode})`,
      onStageSettled: (_stage, outcome) => {
        decisions.push(mode);
        return outcome.status === "fail" && mode === "continue" ? "continue" : undefined;
      },
    });
    const result = await new Pipeline("modes", { plugins: [tolerance("fail_fast")] })
      .withStage(failingStage("bad"))
      .withStage(defineStage({ name: "other", execute: () => "ran" }))
      .run(ContextSnapshot.create(), { plugins: [tolerance("continue")] });
    // Only the run's plugin answers, once for each stage.
    expect(decisions).toEqual(["continue", "continue"]);
    expect(result.output("other")?.data).toBe("ran");
  });

  it("rejects two plugins of one name given to the same run, before the run starts", async () => {
    const sink = new RecordingSink();
    const run = new Pipeline("dupes").withStage(readLimit).run(ContextSnapshot.create(), {
      eventSink: sink,
      plugins: [limitPlugin("limits", 1, []), limitPlugin("limits", 2, [])],
    });
    await expect(run).rejects.toThrow(
      new InvalidOptionsError(
        "StageGraph.run",
        'plugins has two plugins named "limits"; a run uses one plugin of each name, so both would apply ' +
          "at once. Pass one. A plugin given to graph.run replaces the pipeline's plugin of the same name, " +
          "for that run.",
      ),
    );
    expect(sink.events).toEqual([]);
  });

  it("rejects two plugins of one name on a pipeline, naming both when their suffixes differ", () => {
    expect(
      () =>
        new Pipeline("dupes", {
          plugins: [{ name: "tolerance(fail_fast)" }, { name: "audit" }, { name: "tolerance(continue)" }],
        }),
    ).toThrow(
      /^Pipeline: plugins has two "tolerance" plugins \("tolerance\(fail_fast\)" and "tolerance\(continue\)"\)/,
    );
  });

  it("keeps plugins whose names differ before any parenthesis apart", async () => {
    const log: string[] = [];
    const result = await new Pipeline("apart", { plugins: [limitPlugin("limits", 1, log)] })
      .withStage(readLimit)
      .run(ContextSnapshot.create(), {
        plugins: [limitPlugin("tenantLimits", 2, log), limitPlugin("(x)", 3, log)],
      });
    expect(log).toEqual([
      "limits=1:start",
      "tenantLimits=2:start",
      "(x)=3:start",
      "limits=1:end",
      "tenantLimits=2:end",
      "(x)=3:end",
    ]);
    expect(result.output("read")?.data).toBe(3);
  });
});
