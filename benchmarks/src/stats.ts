/**
 * @module Small statistics and formatting helpers shared by the runner and the report.
 */

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Formats a µs figure with precision that suits its magnitude. */
export function formatMicros(us: number): string {
  if (us >= 100) return Math.round(us).toLocaleString("en-US");
  if (us >= 10) return us.toFixed(1);
  if (us >= 1) return us.toFixed(2);
  return us.toFixed(3);
}

/** Formats a ratio (×1.4, ×23, ×4,800). */
export function formatRatio(ratio: number): string {
  if (ratio >= 100) return `×${Math.round(ratio).toLocaleString("en-US")}`;
  if (ratio >= 10) return `×${ratio.toFixed(0)}`;
  return `×${ratio.toFixed(2)}`;
}

/** Formats bytes as MB with one decimal. */
export function formatMB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Formats a count of runs per second (2.2 M, 420 k, 827). */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  if (perSecond >= 1e4) return `${Math.round(perSecond / 1e3)} k`;
  return Math.round(perSecond).toLocaleString("en-US");
}
