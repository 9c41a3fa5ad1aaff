/**
 * @module Lint rule `unread-dependency`: declared dependencies a stage provably never reads.
 * @internal
 */
import { StageKind } from "@stageflow/core";
import type { Report } from "../lintTypes.js";
import type { GraphView, ViewNode } from "./graphView.js";
import { inputReads, type InputReads } from "./sourceReads.js";

const normalise = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, "");

function readsOf(node: ViewNode): InputReads {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its source text is read; it is never called
  const execute = inputReads(node.info.stage.execute, true);
  if (!execute.known || node.when === undefined) return execute;
  const when =
    typeof node.when === "function"
      ? inputReads(node.when, false)
      : inputReads((node.when as { evaluate?: unknown }).evaluate, false);
  if (!when.known) return when;
  return {
    known: true,
    names: [...execute.names, ...when.names],
    identifiers: [...execute.identifiers, ...when.identifiers],
  };
}

/** Reports dependencies that neither `execute` nor `when` reads, for stages whose reads are all known. */
export function checkUnreadDependencies(view: GraphView, report: Report): void {
  for (const node of view.nodes) {
    const candidates = node.deps
      .map((d) => view.nodes[d] as ViewNode)
      .filter((dep) => dep.kind !== StageKind.ROUTE && dep.kind !== StageKind.GUARD);
    if (candidates.length === 0) continue;
    const reads = readsOf(node);
    if (!reads.known) continue;
    const read = new Set(reads.names);
    const byNormalised = new Map(candidates.map((dep) => [normalise(dep.name), dep.name]));
    let resolved = true;
    for (const identifier of reads.identifiers) {
      const name = byNormalised.get(normalise(identifier));
      if (name === undefined) {
        resolved = false; // an identifier we cannot tie to a dependency could be any of them
        break;
      }
      read.add(name);
    }
    if (!resolved) continue;
    for (const dep of candidates) {
      if (read.has(dep.name)) continue;
      report({
        rule: "unread-dependency",
        severity: "info",
        stage: node.name,
        message: `stage "${node.name}" declares a dependency on "${dep.name}" but never reads its output; drop it unless it only orders the two stages.`,
      });
    }
  }
}
