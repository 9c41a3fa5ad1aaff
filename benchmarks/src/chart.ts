/**
 * @module Draws µs per stage against N for every system as a standalone SVG (log–log, one panel per shape).
 */
import type { SuiteResult } from "./suite.js";
import type { SystemId } from "./systems/system.js";

const COLORS: Record<SystemId, string> = {
  floor: "#6b7280",
  duties: "#9ca3af",
  core: "#2563eb",
  equipped: "#16a34a",
  pgraph: "#d97706",
  langgraph: "#dc2626",
};
const FAMILIES = [
  ["chain", "Linear chain"],
  ["fanout", "Fan-out 1→N→1"],
  ["layered", "Layered diamond"],
] as const;
const PANEL_W = 300;
const PANEL_H = 240;
const PAD = { left: 56, right: 16, top: 40, bottom: 44 };

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function decades(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

function tickLabel(v: number): string {
  return v >= 1 ? v.toLocaleString("en-US") : String(Number(v.toPrecision(1)));
}

/** Renders the chart; the y axis is shared by all panels so they can be compared. */
export function renderChart(result: SuiteResult): string {
  const points = result.shapes.flatMap((s) =>
    s.measurements.map((m) => m.usPerStage).filter((v): v is number => v !== undefined),
  );
  const sizes = [...new Set(result.shapes.map((s) => s.size))].sort((a, b) => a - b);
  const yTicks = decades(Math.min(...points), Math.max(...points));
  const xTicks = sizes.length > 1 ? sizes : [sizes[0]! / 10, sizes[0]!, sizes[0]! * 10];
  const [yMin, yMax] = [Math.log10(yTicks[0]!), Math.log10(yTicks[yTicks.length - 1]!)];
  const [xMin, xMax] = [Math.log10(xTicks[0]!), Math.log10(xTicks[xTicks.length - 1]!)];
  const plotW = PANEL_W - PAD.left - PAD.right;
  const plotH = PANEL_H - PAD.top - PAD.bottom;
  const x = (n: number): number => PAD.left + ((Math.log10(n) - xMin) / (xMax - xMin || 1)) * plotW;
  const y = (v: number): number => PAD.top + plotH - ((Math.log10(v) - yMin) / (yMax - yMin || 1)) * plotH;
  const legendH = 28;
  const width = PANEL_W * FAMILIES.length;
  const height = PANEL_H + legendH + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">µs per stage vs N (log–log; lower is better)</text>`,
  ];
  FAMILIES.forEach(([family, title], p) => {
    const dx = p * PANEL_W;
    parts.push(`<g transform="translate(${dx},14)">`);
    parts.push(
      `<text x="${PAD.left + plotW / 2}" y="${PAD.top - 12}" text-anchor="middle" font-weight="600">${title}</text>`,
    );
    parts.push(
      `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#d1d5db"/>`,
    );
    for (const t of yTicks) {
      parts.push(
        `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#f3f4f6"/>`,
      );
      if (p === 0)
        parts.push(
          `<text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${tickLabel(t)}</text>`,
        );
    }
    for (const n of sizes) {
      parts.push(
        `<text x="${x(n).toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${n.toLocaleString("en-US")}</text>`,
      );
    }
    parts.push(
      `<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH + 34}" text-anchor="middle" fill="#4b5563">N (stages)</text>`,
    );
    for (const system of result.systems) {
      const series = result.shapes
        .filter((s) => s.family === family)
        .map((s) => [s.size, s.measurements.find((m) => m.system === system.id)?.usPerStage] as const)
        .filter((pt): pt is readonly [number, number] => pt[1] !== undefined);
      if (series.length === 0) continue;
      const color = COLORS[system.id];
      const path = series
        .map(([n, v], k) => `${k === 0 ? "M" : "L"}${x(n).toFixed(1)},${y(v).toFixed(1)}`)
        .join(" ");
      parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
      for (const [n, v] of series) {
        parts.push(
          `<circle cx="${x(n).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"><title>${escape(system.label)}: ${v.toFixed(3)} µs/stage at N=${n}</title></circle>`,
        );
      }
    }
    parts.push(`</g>`);
  });
  {
    const ly = PANEL_H + 30;
    const step = width / result.systems.length;
    result.systems.forEach((system, k) => {
      const lx = k * step + 16;
      parts.push(
        `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${COLORS[system.id]}" stroke-width="3"/>`,
      );
      parts.push(`<text x="${lx + 24}" y="${ly + 4}">${escape(system.label)}</text>`);
    });
  }
  parts.push(
    `<text x="${PAD.left}" y="${height - 4}" fill="#6b7280">y axis: µs per stage (median of interleaved rounds, ${result.options.timer} time); missing points were skipped as too slow.</text>`,
  );
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}
