/**
 * @module Draws a pipeline's DAG as a static SVG (and Mermaid text), so the site needs no client-side renderer.
 */

/** A stage as the picture needs it (a subset of core's `StageInfo`). */
export interface DagNode {
  /** Stage name. */
  readonly name: string;
  /** Stage kind. */
  readonly kind: string;
  /** Names of its dependencies. */
  readonly dependsOn: readonly string[];
}

const BOX_W = 150;
const BOX_H = 44;
const GAP_X = 56;
const GAP_Y = 18;
const PAD = 16;

const KIND_COLORS: Readonly<Record<string, string>> = {
  transform: "#dbeafe",
  enrich: "#dcfce7",
  route: "#fef3c7",
  guard: "#fee2e2",
  work: "#ede9fe",
  agent: "#cffafe",
};

const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Assigns each node the length of the longest dependency path leading to it. */
function layers(nodes: readonly DagNode[]): Map<string, number> {
  const layer = new Map<string, number>();
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const visit = (name: string, seen: Set<string>): number => {
    const known = layer.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) throw new Error(`cycle through "${name}"`);
    seen.add(name);
    const node = byName.get(name);
    if (node === undefined) throw new Error(`unknown stage "${name}"`);
    const value = node.dependsOn.reduce((max, dep) => Math.max(max, visit(dep, seen) + 1), 0);
    layer.set(name, value);
    return value;
  };
  for (const node of nodes) visit(node.name, new Set());
  return layer;
}

/**
 * Lays the DAG out left to right by dependency depth and draws it.
 * @param nodes - the stages, in any order
 * @param title - accessible title of the picture
 * @returns a standalone SVG document
 */
export function dagToSvg(nodes: readonly DagNode[], title: string): string {
  const layer = layers(nodes);
  const columns: DagNode[][] = [];
  for (const node of nodes) (columns[layer.get(node.name) as number] ??= []).push(node);
  const tallest = Math.max(...columns.map((c) => c.length));
  const height = PAD * 2 + tallest * BOX_H + (tallest - 1) * GAP_Y;
  const width = PAD * 2 + columns.length * BOX_W + (columns.length - 1) * GAP_X;
  const position = new Map<string, { x: number; y: number }>();
  columns.forEach((column, c) => {
    const columnHeight = column.length * BOX_H + (column.length - 1) * GAP_Y;
    const top = (height - columnHeight) / 2;
    column.forEach((node, r) =>
      position.set(node.name, { x: PAD + c * (BOX_W + GAP_X), y: top + r * (BOX_H + GAP_Y) }),
    );
  });
  const edges: string[] = [];
  const boxes: string[] = [];
  for (const node of nodes) {
    const to = position.get(node.name) as { x: number; y: number };
    for (const dep of node.dependsOn) {
      const from = position.get(dep) as { x: number; y: number };
      const x1 = from.x + BOX_W;
      const y1 = from.y + BOX_H / 2;
      const x2 = to.x - 2;
      const y2 = to.y + BOX_H / 2;
      const mid = (x1 + x2) / 2;
      edges.push(
        `<path d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" class="edge" marker-end="url(#arrow)"/>`,
      );
    }
    const fill = KIND_COLORS[node.kind] ?? "#f3f4f6";
    boxes.push(
      `<g><rect x="${to.x}" y="${to.y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${fill}" class="box"/>` +
        `<text x="${to.x + BOX_W / 2}" y="${to.y + 19}" class="name">${escapeXml(node.name)}</text>` +
        `<text x="${to.x + BOX_W / 2}" y="${to.y + 35}" class="kind">${escapeXml(node.kind)}</text></g>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<style>.edge{fill:none;stroke:#6b7280;stroke-width:1.5}.box{stroke:#374151;stroke-width:1}` +
      `.name{font:600 13px sans-serif;text-anchor:middle;fill:#111827}.kind{font:11px sans-serif;text-anchor:middle;fill:#4b5563}</style>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
      `<path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...edges,
    ...boxes,
    `</svg>`,
    "",
  ].join("\n");
}

/**
 * The same DAG as Mermaid flowchart text (for pasting into tools that render Mermaid).
 * @param nodes - the stages
 * @returns Mermaid source
 */
export function dagToMermaid(nodes: readonly DagNode[]): string {
  const ids = new Map(nodes.map((n, i) => [n.name, `s${i}`]));
  const lines = ["flowchart LR"];
  for (const node of nodes)
    lines.push(`  ${ids.get(node.name)}["${node.name.replace(/"/g, "#quot;")} (${node.kind})"]`);
  for (const node of nodes)
    for (const dep of node.dependsOn) lines.push(`  ${ids.get(dep)} --> ${ids.get(node.name)}`);
  return lines.join("\n") + "\n";
}
