import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CallbackEventSink,
  ContextSnapshot,
  defineStage,
  Pipeline,
  StageKind,
  StageOutput,
  type AnyStageflowEvent,
  type Plugin,
  type PipelineResult,
} from "../src/index.js";

type Outcome = "ok" | "skip" | "fail" | "throw" | "cancel" | "route";

interface StageSpec {
  readonly deps: readonly number[];
  readonly outcome: Outcome;
  /** Microtask hops before the stage answers, so stages interleave. */
  readonly hops: number;
  /** For ROUTE stages: which dependents to select (by bit). */
  readonly routeMask: number;
}

const TERMINAL = new Set(["stage.completed", "stage.skipped", "stage.failed", "stage.cancelled"]);

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 40, arbitrary: fc.constant<Outcome>("ok") },
  { weight: 3, arbitrary: fc.constant<Outcome>("skip") },
  { weight: 1, arbitrary: fc.constant<Outcome>("fail") },
  { weight: 1, arbitrary: fc.constant<Outcome>("throw") },
  { weight: 1, arbitrary: fc.constant<Outcome>("cancel") },
  { weight: 3, arbitrary: fc.constant<Outcome>("route") },
);

/** Random DAGs of 1–200 stages; each stage depends on up to 3 earlier ones. */
const dagArb: fc.Arbitrary<StageSpec[]> = fc.integer({ min: 1, max: 200 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        deps:
          i === 0 ? fc.constant([]) : fc.uniqueArray(fc.integer({ min: 0, max: i - 1 }), { maxLength: 3 }),
        outcome: outcomeArb,
        hops: fc.integer({ min: 0, max: 4 }),
        routeMask: fc.nat(),
      }),
    ),
  ),
);

const name = (i: number): string => `s${i}`;

async function hop(times: number): Promise<void> {
  for (let k = 0; k < times; k++) await Promise.resolve();
}

interface Observed {
  readonly result: PipelineResult;
  readonly events: AnyStageflowEvent[];
  readonly violations: string[];
}

async function runDag(specs: readonly StageSpec[], plugins: Plugin[] = []): Promise<Observed> {
  const events: AnyStageflowEvent[] = [];
  const settled = new Set<string>();
  const violations: string[] = [];
  const dependents = specs.map(() => [] as number[]);
  specs.forEach((s, i) => s.deps.forEach((d) => dependents[d]!.push(i)));
  const pipeline = new Pipeline("random", { plugins });
  specs.forEach((spec, i) => {
    const stage = defineStage({
      name: name(i),
      kind: spec.outcome === "route" ? StageKind.ROUTE : StageKind.TRANSFORM,
      execute: async (ctx): Promise<unknown> => {
        for (const d of spec.deps)
          if (!settled.has(name(d))) violations.push(`${name(i)} started before ${name(d)} settled`);
        await hop(spec.hops);
        switch (spec.outcome) {
          case "ok":
            return { i, seen: ctx.inputs.names.length };
          case "skip":
            return StageOutput.skip("random skip");
          case "fail":
            return StageOutput.fail(new Error(`${name(i)} failed`));
          case "throw":
            throw i % 2 === 0 ? new Error(`${name(i)} threw`) : `${name(i)} threw a string`;
          case "cancel":
            return StageOutput.cancel("random cancel");
          case "route":
            return StageOutput.ok({
              route: dependents[i]!.filter((_, k) => (spec.routeMask >> k) & 1).map(name),
            });
        }
      },
    });
    pipeline.withStage(stage, { dependsOn: spec.deps.map(name) });
  });
  const sink = new CallbackEventSink((event) => {
    events.push(event);
    if (TERMINAL.has(event.type) && event.stage !== undefined) settled.add(event.stage);
  });
  const result = await pipeline.run(ContextSnapshot.create(), { eventSink: sink });
  return { result, events, violations };
}

/** Checks the invariants every run must keep; collects problems so one assertion reports them all. */
function checkCommonInvariants(specs: readonly StageSpec[], { result, events, violations }: Observed): void {
  const problems = [...violations];
  const names = specs.map((_, i) => name(i));
  // The result lists every stage.
  if (Object.keys(result.stages).length !== names.length || names.some((n) => !(n in result.stages))) {
    problems.push("the result does not list every stage");
  }
  if (events[0]?.type !== "pipeline.started") problems.push("pipeline.started is not first");
  if (events.at(-1)?.type !== `pipeline.${result.status}`) problems.push("the end event is not last");
  const startedAt = new Map<string, number>();
  const terminalAt = new Map<string, number>();
  events.forEach((e, index) => {
    if (e.stage === undefined) return;
    if (e.type === "stage.started") {
      if (startedAt.has(e.stage)) problems.push(`${e.stage} started twice`);
      startedAt.set(e.stage, index);
    } else if (TERMINAL.has(e.type)) {
      if (terminalAt.has(e.stage)) problems.push(`${e.stage} settled twice`);
      terminalAt.set(e.stage, index);
    }
  });
  for (const [i, spec] of specs.entries()) {
    const own = name(i);
    const end = terminalAt.get(own);
    const start = startedAt.get(own);
    if (end === undefined) problems.push(`${own} never settled`);
    if (start !== undefined && !(end !== undefined && end > start))
      problems.push(`${own} has no terminal event after it started`);
    if (start !== undefined) {
      for (const d of spec.deps) {
        if (!((terminalAt.get(name(d)) ?? Infinity) < start))
          problems.push(`${own} started before ${name(d)} settled`);
      }
    }
    const record = result.stages[own];
    if (record === undefined) continue;
    if (record.attempts !== (start === undefined ? 0 : 1))
      problems.push(`${own} has ${record.attempts} attempts`);
    if (record.pruned && start !== undefined) problems.push(`${own} was pruned but started`);
  }
  expect(problems).toEqual([]);
}

describe("scheduler properties (random DAGs)", () => {
  it("settles every stage exactly once, never before its dependencies, and stops starting stages after a failure", async () => {
    await fc.assert(
      fc.asyncProperty(dagArb, async (specs) => {
        const observed = await runDag(specs);
        checkCommonInvariants(specs, observed);
        const { result, events } = observed;
        // Fail-fast: nothing starts once a failure (or a stage's cancel) has been observed.
        const stopIndex = events.findIndex(
          (e) =>
            e.type === "stage.failed" ||
            (e.type === "stage.cancelled" && result.stages[e.stage!]?.reason === "random cancel"),
        );
        if (stopIndex >= 0) {
          expect(events.slice(stopIndex).some((e) => e.type === "stage.started")).toBe(false);
          const stopper = events[stopIndex]!;
          expect(result.status).toBe(stopper.type === "stage.failed" ? "failed" : "cancelled");
        } else {
          expect(result.status).toBe("completed");
          expect(Object.values(result.stages).every((r) => r.status === "ok" || r.status === "skip")).toBe(
            true,
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it("keeps every invariant and runs each failure's unrelated stages when a plugin replaces fail-fast", async () => {
    const continueOnFailure: Plugin = {
      name: "continue",
      shouldRun: (_stage, deps) =>
        deps.some((d) => d.status === "fail" || d.reason === "upstream failed")
          ? { skip: "upstream failed" }
          : undefined,
      onStageSettled: (_stage, outcome) => (outcome.status === "fail" ? "continue" : undefined),
    };
    const noCancel = dagArb.map((specs) =>
      specs.map((s) => (s.outcome === "cancel" ? { ...s, outcome: "ok" as const } : s)),
    );
    await fc.assert(
      fc.asyncProperty(noCancel, async (specs) => {
        const observed = await runDag(specs, [continueOnFailure]);
        checkCommonInvariants(specs, observed);
        const { result } = observed;
        for (const [i, spec] of specs.entries()) {
          const record = result.stages[name(i)]!;
          // Nothing is cancelled: a stage either ran or was skipped/pruned for a reason.
          expect(record.status).not.toBe("cancel");
          const depRecords = spec.deps.map((d) => result.stages[name(d)]!);
          const blocked = depRecords.some((r) => r.status === "fail" || r.reason === "upstream failed");
          if (blocked && !record.pruned) expect(record.reason).toBe("upstream failed");
        }
        const anyFailed = Object.values(result.stages).some((r) => r.status === "fail");
        expect(result.status).toBe(anyFailed ? "failed" : "completed");
      }),
      { numRuns: 25 },
    );
  });
});
