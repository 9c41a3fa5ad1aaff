/**
 * @module Mermaid and Graphviz DOT pictures of a pipeline's DAG.
 * @internal
 */
import { InvalidOptionsError, type StageKind } from "@stageflow/core";
import type { DiagramDirection } from "../types.js";
import { isConditionalEdge, type GraphView, type ViewNode } from "./graphView.js";

const DIRECTIONS: readonly DiagramDirection[] = ["TD", "LR", "BT", "RL"];

/** Checks a direction option, naming the valid values. */
export function checkDirection(where: string, direction: unknown): DiagramDirection {
  if (direction === undefined) return "TD";
  if (!DIRECTIONS.includes(direction as DiagramDirection)) {
    throw new InvalidOptionsError(
      where,
      `direction must be one of ${DIRECTIONS.join(", ")}, got ${JSON.stringify(direction) ?? typeof direction}.`,
    );
  }
  return direction as DiagramDirection;
}

const MERMAID_SHAPES: Record<StageKind, readonly [string, string]> = {
  transform: ["[", "]"],
  enrich: ["[(", ")]"],
  route: ["{", "}"],
  guard: ["{{", "}}"],
  work: ["[[", "]]"],
  agent: ["([", "])"],
};

const MERMAID_STYLES: Record<StageKind, string> = {
  transform: "fill:#eef3ff,stroke:#4a6fd1",
  enrich: "fill:#e9f7ef,stroke:#2e8b57",
  route: "fill:#fff6d9,stroke:#b8860b",
  guard: "fill:#fdecea,stroke:#c0392b",
  work: "fill:#f3ecfa,stroke:#7d3c98",
  agent: "fill:#e8f6f8,stroke:#17808c",
};

const DOT_SHAPES: Record<StageKind, string> = {
  transform: "box",
  enrich: "cylinder",
  route: "diamond",
  guard: "hexagon",
  work: "component",
  agent: "ellipse",
};

function mermaidText(text: string): string {
  return text.replace(/[&"<>|#]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\r?\n/g, "<br/>");
}

/** Renders a Mermaid `flowchart`: shapes and colours by kind, dashed labelled edges out of routers. */
export function renderMermaid(view: GraphView, direction: DiagramDirection): string {
  const lines = [`flowchart ${direction}`];
  const kinds = new Map<StageKind, number[]>();
  for (const node of view.nodes) {
    const [open, close] = MERMAID_SHAPES[node.kind];
    lines.push(`  s${node.index}${open}"${mermaidText(node.name)}<br/>${node.kind}"${close}`);
    const list = kinds.get(node.kind);
    if (list === undefined) kinds.set(node.kind, [node.index]);
    else list.push(node.index);
  }
  for (const node of view.nodes) {
    for (const d of node.deps) {
      const from = view.nodes[d] as ViewNode;
      lines.push(
        isConditionalEdge(from)
          ? `  s${d} -.->|"${mermaidText(node.branch)}"| s${node.index}`
          : `  s${d} --> s${node.index}`,
      );
    }
  }
  for (const [kind, indices] of kinds) {
    lines.push(`  classDef ${kind} ${MERMAID_STYLES[kind]}`);
    lines.push(`  class ${indices.map((i) => `s${i}`).join(",")} ${kind}`);
  }
  return lines.join("\n") + "\n";
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const DOT_RANKDIR: Record<DiagramDirection, string> = { TD: "TB", LR: "LR", BT: "BT", RL: "RL" };

/** Renders a Graphviz `digraph`: shapes by kind, dashed labelled edges out of routers. */
export function renderDot(view: GraphView, direction: DiagramDirection): string {
  const lines = [
    `digraph ${dotString(view.name)} {`,
    `  rankdir=${DOT_RANKDIR[direction]};`,
    `  node [fontname="Helvetica"];`,
  ];
  for (const node of view.nodes) {
    lines.push(
      `  s${node.index} [label=${dotString(`${node.name}\n${node.kind}`)}, shape=${DOT_SHAPES[node.kind]}];`,
    );
  }
  for (const node of view.nodes) {
    for (const d of node.deps) {
      const from = view.nodes[d] as ViewNode;
      lines.push(
        isConditionalEdge(from)
          ? `  s${d} -> s${node.index} [style=dashed, label=${dotString(node.branch)}];`
          : `  s${d} -> s${node.index};`,
      );
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
