/**
 * @module Draws a pipeline's DAG as a self-contained SVG, coloured by each stage's final status.
 */

/** What the drawing needs of a stage. */
export interface DrawnStage {
  readonly name: string;
  readonly kind: string;
  readonly dependsOn: readonly string[];
  /** Final status, when a run's result is drawn. */
  readonly status?: string;
}

const COLORS: Readonly<Record<string, string>> = {
  ok: "#d9f2d9",
  skip: "#eeeeee",
  fail: "#f8d0d0",
  cancel: "#fbe7c6",
  pending: "#ffffff",
};

const escape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Lays stages out in columns by depth (longest path from a root) and draws boxes and edges.
 * @param stages - stages in topological order
 * @returns SVG markup
 */
export function renderDagSvg(stages: readonly DrawnStage[]): string {
  const depth = new Map<string, number>();
  for (const s of stages) depth.set(s.name, Math.max(-1, ...s.dependsOn.map((d) => depth.get(d) ?? 0)) + 1);
  const columns = new Map<number, DrawnStage[]>();
  for (const s of stages) {
    const d = depth.get(s.name) ?? 0;
    columns.set(d, [...(columns.get(d) ?? []), s]);
  }
  const boxW = 150;
  const boxH = 44;
  const gapX = 60;
  const gapY = 22;
  const tallest = Math.max(...[...columns.values()].map((c) => c.length));
  const height = tallest * (boxH + gapY) + gapY;
  const width = columns.size * (boxW + gapX) + gapX;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, column] of columns) {
    const offset = (height - column.length * (boxH + gapY) + gapY) / 2;
    column.forEach((s, i) => pos.set(s.name, { x: gapX + d * (boxW + gapX), y: offset + i * (boxH + gapY) }));
  }
  const edges = stages.flatMap((s) =>
    s.dependsOn.map((dep) => {
      const a = pos.get(dep) as { x: number; y: number };
      const b = pos.get(s.name) as { x: number; y: number };
      const x1 = a.x + boxW;
      const y1 = a.y + boxH / 2;
      const x2 = b.x;
      const y2 = b.y + boxH / 2;
      const mid = (x1 + x2) / 2;
      return `<path d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" fill="none" stroke="#777" marker-end="url(#arrow)"/>`;
    }),
  );
  const boxes = stages.map((s) => {
    const p = pos.get(s.name) as { x: number; y: number };
    const fill = COLORS[s.status ?? "pending"] ?? "#ffffff";
    const label = s.status ? `${s.kind} · ${s.status}` : s.kind;
    return [
      `<g><rect x="${p.x}" y="${p.y}" width="${boxW}" height="${boxH}" rx="6" fill="${fill}" stroke="#444"/>`,
      `<text x="${p.x + boxW / 2}" y="${p.y + 18}" text-anchor="middle" font-size="13" font-weight="bold">${escape(s.name)}</text>`,
      `<text x="${p.x + boxW / 2}" y="${p.y + 35}" text-anchor="middle" font-size="11" fill="#555">${escape(label)}</text></g>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>`,
    ...edges,
    ...boxes,
    `</svg>`,
  ].join("\n");
}

/**
 * Wraps the SVG, the Mermaid text and a summary into one HTML page.
 * @param title - page title
 * @param svg - from {@link renderDagSvg}
 * @param mermaid - Mermaid text of the same graph
 * @param summary - a plain-text summary table
 * @returns HTML markup
 */
export function renderDagHtml(title: string, svg: string, mermaid: string, summary: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;margin:2rem}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style></head>
<body><h1>${escape(title)}</h1>
${svg}
<h2>Summary</h2><pre>${escape(summary)}</pre>
<h2>Mermaid</h2><pre>${escape(mermaid)}</pre>
</body></html>
`;
}
