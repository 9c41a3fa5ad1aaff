/**
 * The real plugins given twice to one run: a run's plugin replaces the pipeline's plugin of the same
 * name (one budget, one report, one conflict event), and two at the same level are refused.
 */
import { ContextSnapshot, InvalidOptionsError, Pipeline, StageKind, defineStage } from "@stageflow/core";
import { ContextUtilizationKey, contextEnrichment } from "@stageflow/enrich";
import { RecordingEventSink } from "@stageflow/testing";
import { BackpressureMonitor, FailureMode, backpressure, failureTolerance } from "@stageflow/tolerance";
import { describe, expect, it } from "vitest";

const writer = (name: string, tier: string) =>
  defineStage({ name, kind: StageKind.ENRICH, execute: () => ({ tier }) });

describe("plugins given on the pipeline and again on the run", () => {
  it("uses only the run's contextEnrichment: its budget, one event per conflict, its report", async () => {
    const spend = defineStage({
      name: "spend",
      execute: (ctx) => {
        const budget = ctx.get(ContextUtilizationKey);
        return { ok: budget.add(500), max: budget.maxTokens };
      },
    });
    const graph = new Pipeline("rag", { plugins: [contextEnrichment({ maxTokens: 10 })] })
      .withStage(writer("profile", "gold"))
      .withStage(writer("memory", "silver"), { dependsOn: ["profile"] })
      .withStage(spend, { dependsOn: ["memory"] })
      .build();
    const sink = new RecordingEventSink();
    const result = await graph.run(ContextSnapshot.create(), {
      eventSink: sink,
      plugins: [contextEnrichment({ maxTokens: 999 })],
    });
    expect(result.require("spend").data).toEqual({ ok: true, max: 999 });
    expect(sink.ofType("context.conflict")).toHaveLength(1);
    expect(result.enrichment?.budget).toMatchObject({ maxTokens: 999, usedTokens: 500 });
    expect(result.enrichment?.conflicts).toHaveLength(1);
    // Without the override, the pipeline's plugin applies.
    const plain = await graph.run(ContextSnapshot.create());
    expect(plain.require("spend").data).toEqual({ ok: false, max: 10 });
  });

  it("applies the run's failureTolerance mode instead of the pipeline's", async () => {
    const graph = new Pipeline("modes", { plugins: [failureTolerance({ mode: FailureMode.BEST_EFFORT })] })
      .withStage(
        defineStage({
          name: "bad",
          execute: () => {
            throw new Error("down");
          },
        }),
      )
      .withStage(defineStage({ name: "child", execute: () => "ran" }), { dependsOn: ["bad"] })
      .build();
    // A run that must stop at the first failure, whatever the pipeline tolerates.
    const strict = await graph.run(ContextSnapshot.create(), {
      plugins: [failureTolerance({ mode: FailureMode.FAIL_FAST })],
    });
    expect(strict.stages.child?.status).toBe("cancel");
    expect(strict.failureSummary?.mode).toBe(FailureMode.FAIL_FAST);
    const tolerant = await graph.run(ContextSnapshot.create());
    expect(tolerant.output("child")?.data).toBe("ran");
  });

  it("refuses two failureTolerance plugins on one run, naming both", async () => {
    const run = new Pipeline("modes").withStage(writer("a", "x")).run(ContextSnapshot.create(), {
      plugins: [
        failureTolerance({ mode: FailureMode.FAIL_FAST }),
        failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE }),
      ],
    });
    await expect(run).rejects.toThrow(InvalidOptionsError);
    await expect(run).rejects.toThrow(
      `StageGraph.run: plugins has two "failureTolerance" plugins ("failureTolerance(${FailureMode.FAIL_FAST})" ` +
        `and "failureTolerance(${FailureMode.CONTINUE_ON_FAILURE})")`,
    );
  });

  it("refuses two contextEnrichment plugins on one pipeline", () => {
    expect(
      () =>
        new Pipeline("rag", {
          plugins: [contextEnrichment({ maxTokens: 10 }), contextEnrichment({ maxTokens: 20 })],
        }),
    ).toThrow('Pipeline: plugins has two plugins named "contextEnrichment"');
  });

  it("stacks two plugins of one kind when one is given another name", async () => {
    const shared = new BackpressureMonitor({ maxActiveStages: 4, queueSizeLimit: 10 });
    const tenant = new BackpressureMonitor({ maxActiveStages: 1, queueSizeLimit: 10 });
    const result = await new Pipeline("caps", { plugins: [backpressure(shared)] })
      .withStage(writer("a", "x"))
      .withStage(writer("b", "y"))
      .run(ContextSnapshot.create(), {
        plugins: [{ ...backpressure(tenant), name: "tenantBackpressure" }],
      });
    expect(result.status).toBe("completed");
    expect(shared.getMetrics().completed).toBe(2);
    expect(tenant.getMetrics().completed).toBe(2);
  });
});
