/**
 * @module `lintPipeline`: static checks of a pipeline's DAG, in linear time, without running any stage.
 */
import { CycleDetectedError, Pipeline, PipelineValidationError, assertKnownOptions } from "@stageflow/core";
import type { FluentPipelineBuilder } from "./fluentPipelineBuilder.js";
import { assertPipeline, viewOf, type GraphView } from "./internal/graphView.js";
import { checkRoutes, checkRouteWiring } from "./internal/lintRoutes.js";
import { checkReads } from "./internal/lintReads.js";
import type { LintIssue, LintOptions, LintRule, LintSeverity } from "./lintTypes.js";

function structural(error: unknown): LintIssue[] | undefined {
  if (error instanceof PipelineValidationError) {
    return error.problems.map((p) => ({
      rule: "invalid-graph" as const,
      severity: "error" as const,
      ...(p.stage === undefined ? {} : { stage: p.stage }),
      message: p.message,
    }));
  }
  if (error instanceof CycleDetectedError) {
    return [
      {
        rule: "invalid-graph",
        severity: "error",
        stage: error.cyclePath[0] as string,
        message: error.message,
      },
    ];
  }
  return undefined;
}

function isolated(view: GraphView, report: (issue: LintIssue) => void): void {
  if (view.nodes.length < 2) return;
  for (const node of view.nodes) {
    if (node.deps.length === 0 && node.dependents.length === 0) {
      report({
        rule: "isolated-stage",
        severity: "warning",
        stage: node.name,
        message: `stage "${node.name}" has no dependencies and nothing depends on it, so it runs on its own at the start; connect it with dependsOn or remove it.`,
      });
    }
  }
}

/**
 * Checks a pipeline (or a builder's pipeline) without running it, in O(V+E) plus the length of the
 * stages' source text (`route-merge` adds, per edge into a stage that follows a router, the number of
 * ROUTE dependencies of the dependency: one for anything the builder makes). Rules:
 * - `invalid-graph` (error): what `build()` would reject (unknown dependency with the closest name,
 *   duplicate, self-dependency, cycle, empty); when present, no other rule runs.
 * - `isolated-stage` (warning): a stage connected to nothing, in a pipeline of several stages.
 * - `unreachable-branch` (error): a dependent of a ROUTE stage whose branch key that router's output
 *   schema rejects as a `route` value, so it is always pruned, and every stage all of whose
 *   dependencies are unreachable. Only routers with a synchronous Standard Schema are checked.
 * - `route-merge` (warning): a stage depending on a ROUTE stage and on branches of that same router;
 *   it is itself a branch, pruned unless the route names its key. Depend on the branches only.
 * - `duplicate-branch-key` (warning): two dependents of one router selected by the same key.
 * - `branch-without-router` (warning): a stage with a `branch` key but no ROUTE dependency.
 * - `route-without-branches` (warning): a ROUTE stage nothing depends on.
 * - `undeclared-read` (error): a stage whose `execute` or `when` reads another stage of the pipeline
 *   that it does not depend on, which throws `UndeclaredDependencyError` at run time. Found from the
 *   source text like `unread-dependency` (below), for stages whose reads are all known, and only for a
 *   read naming a stage confidently: a string literal that is a stage's name, or an identifier equal
 *   to a stage's name or to its camelCase form (`webSearch` for `web_search`).
 * - `unread-dependency` (info): a declared dependency that the stage's `execute` and `when` provably never
 *   read, found from their source text alone (nothing runs). Only stages whose every read is
 *   `ctx.inputs.get|require|has|getFrom("name")` (or a bare identifier matching a dependency's name,
 *   ignoring case and `_`) are judged; a stage that passes `ctx` on, or reads a computed name, is
 *   skipped. Dependencies on ROUTE and GUARD stages select or gate rather than feed data, and are never
 *   reported.
 * @param source - a core `Pipeline` or a `FluentPipelineBuilder`
 * @param options - rules to ignore
 * @returns the findings, errors first; empty when nothing was found
 * @throws `InvalidOptionsError` for an unknown option
 * @example
 * ```ts
 * for (const issue of lintPipeline(builder)) console.warn(`[${issue.rule}] ${issue.message}`);
 * ```
 */
export function lintPipeline(
  source: Pipeline | FluentPipelineBuilder<string>,
  options: LintOptions = {},
): LintIssue[] {
  assertKnownOptions("lintPipeline", options, ["ignore"]);
  const pipeline: unknown =
    source instanceof Pipeline ? source : ((source as { pipeline?: unknown } | null)?.pipeline ?? source);
  assertPipeline("lintPipeline", pipeline);
  const ignored = new Set<LintRule>(options.ignore ?? []);
  let view: GraphView;
  try {
    view = viewOf(pipeline, "lintPipeline");
  } catch (error) {
    const issues = structural(error);
    if (issues === undefined) throw error;
    return ignored.has("invalid-graph") ? [] : issues;
  }
  const issues: LintIssue[] = [];
  const report = (issue: LintIssue): void => {
    if (!ignored.has(issue.rule)) issues.push(issue);
  };
  isolated(view, report);
  checkRoutes(view, report);
  checkRouteWiring(view, report);
  checkReads(view, report);
  const rank: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };
  return issues.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
