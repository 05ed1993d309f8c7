import type { Statistics } from "./statistics.ts";

/**
 * A figure for a table: 2 decimals under 10, 1 under 100, none above; `-` when absent.
 * @example `formatNumber(12.345) // "12.3"`
 */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "-";
  const magnitude = Math.abs(value);
  return value.toFixed(magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0);
}

/** A statistic of a summary, formatted; `-` when the summary is absent. */
export const stat = (stats: Statistics | undefined, key: keyof Statistics): string =>
  formatNumber(stats?.[key]);

/** A fraction as a percentage: `0.125` → `12.5%`. */
export const formatPercent = (fraction: number): string => `${formatNumber(fraction * 100)}%`;

/**
 * Lays rows out in aligned columns for a terminal: text left, numbers right, a rule under the header.
 * @example `terminalTable(["level", "req/s"], [["concurrency 1", "2.00"]])`
 */
export function terminalTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const isNumeric = (column: number): boolean =>
    column > 0 && rows.every((row) => /^[-\d.%]+$/.test(row[column] ?? ""));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        isNumeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** Lays rows out as a Markdown table, numbers right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (cell: string): string => cell.replaceAll("|", "\\|");
  const align = header.map((_, column) => (column === 0 ? "---" : "---:"));
  return [header, align, ...rows].map((cells) => `| ${cells.map(escapeCell).join(" | ")} |`).join("\n");
}
