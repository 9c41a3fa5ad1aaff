/**
 * @module Lint rules about what stages read: `unread-dependency` (declared, provably never read) and
 * `undeclared-read` (read, but not declared, so the read throws at run time).
 * @internal
 */
import { StageKind } from "@stageflow/core";
import type { Report } from "../lintTypes.js";
import type { GraphView, ViewNode } from "./graphView.js";
import { inputReads, type InputReads } from "./sourceReads.js";

const normalise = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, "");

/** `memory_enrich` → `memoryEnrich`, `web-search` → `webSearch`: the usual name of a stage's variable. */
const camelCase = (s: string): string =>
  s.replace(/[_\-\s]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The reads of a stage's `execute` and of its `when` condition, each analysed on its own. */
interface StageReads {
  readonly execute: InputReads;
  readonly when: InputReads;
}

function readsOf(node: ViewNode): StageReads {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its source text is read; it is never called
  const execute = inputReads(node.info.stage.execute, true);
  const when =
    node.when === undefined
      ? ({ known: true, names: [], identifiers: [] } as const)
      : inputReads(
          typeof node.when === "function" ? node.when : (node.when as { evaluate?: unknown }).evaluate,
          false,
        );
  return { execute, when };
}

/** Reports dependencies that neither `execute` nor `when` reads, for stages whose reads are all known. */
function checkUnread(view: GraphView, node: ViewNode, reads: StageReads, report: Report): void {
  const candidates = node.deps
    .map((d) => view.nodes[d] as ViewNode)
    .filter((dep) => dep.kind !== StageKind.ROUTE && dep.kind !== StageKind.GUARD);
  if (candidates.length === 0 || !reads.execute.known || !reads.when.known) return;
  const read = new Set([...reads.execute.names, ...reads.when.names]);
  const byNormalised = new Map(candidates.map((dep) => [normalise(dep.name), dep.name]));
  for (const identifier of [...reads.execute.identifiers, ...reads.when.identifiers]) {
    const name = byNormalised.get(normalise(identifier));
    if (name === undefined) return; // an identifier we cannot tie to a dependency could be any of them
    read.add(name);
  }
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

/**
 * Maps each identifier that confidently names a stage (its name, or the camelCase of its name) to that
 * stage. An identifier two stages could claim is left out.
 */
function stageIdentifiers(view: GraphView): Map<string, ViewNode | undefined> {
  const byIdentifier = new Map<string, ViewNode | undefined>();
  const claim = (identifier: string, node: ViewNode): void => {
    const owner = byIdentifier.get(identifier);
    byIdentifier.set(identifier, byIdentifier.has(identifier) && owner !== node ? undefined : node);
  };
  for (const node of view.nodes) {
    claim(node.name, node);
    claim(camelCase(node.name), node);
  }
  return byIdentifier;
}

/** Stages by name, and by an identifier that confidently names them (see `stageIdentifiers`). */
interface StageIndex {
  readonly byName: ReadonlyMap<string, ViewNode>;
  readonly byIdentifier: ReadonlyMap<string, ViewNode | undefined>;
}

/** Reports each other stage of the pipeline that `execute` or `when` reads without depending on it. */
function checkUndeclared(node: ViewNode, reads: StageReads, stages: StageIndex, report: Report): void {
  const deps = new Set(node.deps);
  const reported = new Set<number>();
  for (const [where, found] of [
    ["execute", reads.execute],
    ["its when condition", reads.when],
  ] as const) {
    if (!found.known) continue;
    const targets = [
      ...found.names.map((name) => stages.byName.get(name)),
      ...found.identifiers.map((identifier) => stages.byIdentifier.get(identifier)),
    ];
    for (const target of targets) {
      if (target === undefined || target === node || deps.has(target.index) || reported.has(target.index))
        continue;
      reported.add(target.index);
      report({
        rule: "undeclared-read",
        severity: "error",
        stage: node.name,
        message: `stage "${node.name}" reads "${target.name}" in ${where} but does not depend on it, so the read throws UndeclaredDependencyError when it runs; add "${target.name}" to its dependsOn.`,
      });
    }
  }
}

/** `unread-dependency` and `undeclared-read`, reading each stage's source text once. */
export function checkReads(view: GraphView, report: Report): void {
  const stages: StageIndex = {
    byName: new Map(view.nodes.map((node) => [node.name, node])),
    byIdentifier: stageIdentifiers(view),
  };
  for (const node of view.nodes) {
    const reads = readsOf(node);
    checkUnread(view, node, reads, report);
    checkUndeclared(node, reads, stages, report);
  }
}
