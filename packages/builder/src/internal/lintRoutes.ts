/**
 * @module Lint rules about routing: unreachable branches, route-merge wiring, duplicate and orphan keys.
 * @internal
 */
import type { Report } from "../lintTypes.js";
import { isConditionalEdge as isRouter, type GraphView, type ViewNode } from "./graphView.js";

type Verdict = "accepts" | "rejects" | "unknown";
type Validate = (value: unknown) => unknown;

function firstKey(path: unknown): unknown {
  const head: unknown = Array.isArray(path) ? path[0] : undefined;
  return typeof head === "object" && head !== null ? (head as { key?: unknown }).key : head;
}

function tryRoute(validate: Validate, route: unknown): Verdict {
  let result: unknown;
  try {
    result = validate({ route });
  } catch {
    return "unknown";
  }
  if (typeof (result as { then?: unknown } | null)?.then === "function") {
    // Asynchronous schemas are not judged (lint is synchronous); swallow the pending result.
    (result as Promise<unknown>).then(undefined, () => undefined);
    return "unknown";
  }
  const issues = (result as { issues?: ReadonlyArray<{ path?: unknown }> } | null)?.issues;
  if (issues === undefined) return "accepts";
  return issues.some((issue) => firstKey(issue.path) === "route") ? "rejects" : "accepts";
}

/** Whether a router's declared output schema accepts `key` as its route, alone or in an array. */
function routeVerdict(router: ViewNode, key: string): Verdict {
  const std = (router.info.stage.output as { "~standard"?: { validate?: unknown } } | undefined)?.[
    "~standard"
  ];
  if (typeof std?.validate !== "function") return "unknown";
  const validate = std.validate.bind(std) as Validate;
  const one = tryRoute(validate, key);
  if (one === "accepts") return "accepts";
  const many = tryRoute(validate, [key]);
  if (many === "accepts") return "accepts";
  return one === "rejects" && many === "rejects" ? "rejects" : "unknown";
}

/** `unreachable-branch`, `duplicate-branch-key`, `branch-without-router`, `route-without-branches`. */
export function checkRoutes(view: GraphView, report: Report): void {
  const unreachable = new Uint8Array(view.nodes.length);
  for (const node of view.nodes) {
    if (isRouter(node)) {
      if (node.dependents.length === 0) {
        report({
          rule: "route-without-branches",
          severity: "warning",
          stage: node.name,
          message: `ROUTE stage "${node.name}" has no dependents, so its route selects nothing; add branches after it or give it another kind.`,
        });
      }
      const byKey = new Map<string, string>();
      for (const d of node.dependents) {
        const branch = view.nodes[d] as ViewNode;
        const first = byKey.get(branch.branch);
        if (first === undefined) byKey.set(branch.branch, branch.name);
        else {
          report({
            rule: "duplicate-branch-key",
            severity: "warning",
            stage: branch.name,
            message: `stages "${first}" and "${branch.name}" both follow router "${node.name}" with branch key "${branch.branch}", so that route always selects both; give one a distinct branch key.`,
          });
        }
        if (routeVerdict(node, branch.branch) === "rejects") {
          unreachable[d] = 1;
          report({
            rule: "unreachable-branch",
            severity: "error",
            stage: branch.name,
            message: `stage "${branch.name}" can never run: the output schema of router "${node.name}" does not accept route "${branch.branch}", so it is always pruned. Add the key to the router's schema or change the branch key.`,
          });
        }
      }
    }
    if (
      node.deps.length > 0 &&
      unreachable[node.index] === 0 &&
      node.deps.every((d) => unreachable[d] === 1)
    ) {
      unreachable[node.index] = 1;
      report({
        rule: "unreachable-branch",
        severity: "error",
        stage: node.name,
        message: `stage "${node.name}" can never run: every one of its dependencies is unreachable, so it is always pruned.`,
      });
    }
    if (node.explicitBranch && !node.deps.some((d) => isRouter(view.nodes[d] as ViewNode))) {
      report({
        rule: "branch-without-router",
        severity: "warning",
        stage: node.name,
        message: `stage "${node.name}" sets branch "${node.branch}", but none of its dependencies is a ROUTE stage, so the key selects nothing; give the stage that chooses kind: StageKind.ROUTE.`,
      });
    }
  }
}

/** `route-merge`: a stage wired to a router and to branches of that same router. */
export function checkRouteWiring(view: GraphView, report: Report): void {
  const routeParents = view.nodes.map((node) => node.deps.filter((d) => isRouter(view.nodes[d] as ViewNode)));
  // mark[r] === node.index + 1 while `node` is examined and depends on router r: no per-pair search.
  const mark = new Int32Array(view.nodes.length);
  for (const node of view.nodes) {
    const mine = routeParents[node.index] as number[];
    if (mine.length === 0) continue;
    for (const r of mine) mark[r] = node.index + 1;
    for (const x of node.deps) {
      const shared = (routeParents[x] as number[]).find((r) => mark[r] === node.index + 1);
      if (shared === undefined) continue;
      const router = (view.nodes[shared] as ViewNode).name;
      report({
        rule: "route-merge",
        severity: "warning",
        stage: node.name,
        message: `stage "${node.name}" depends on router "${router}" and on its branch "${(view.nodes[x] as ViewNode).name}", so it is itself a branch of "${router}" and is pruned unless the route names "${node.branch}". To merge branches, depend on the branch stages only.`,
      });
      break;
    }
  }
}
