/**
 * @module Latency statistics and plain-text tables for the demo's summaries.
 */

/**
 * The value at quantile `q` of `values` (nearest-rank on a sorted copy).
 * @param values - samples
 * @param q - quantile in [0, 1]
 * @returns the sample, or 0 when there are none
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Formats rows as an aligned text table with a header rule.
 * @param header - column titles
 * @param rows - cells, already strings
 * @returns the table, one line per row
 */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * Formats milliseconds for people: `850 ms`, `1.25 s`.
 * @param ms - a duration
 * @returns the text
 */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
