import type { ClientName } from "../clients/bench-client.ts";
import type { BundleSize } from "./bundle-size.ts";
import type { Machine } from "./machine.ts";
import type { Cell, Row } from "./rows.ts";
import type { Sizes } from "./sizes.ts";
import type { TargetResult } from "./targets.ts";

/** Everything a run found, as written to the JSON file. */
export interface BenchResults {
  readonly date: string;
  readonly mode: "full" | "quick";
  readonly machine: Machine;
  readonly sizes: Sizes;
  readonly durationS: number;
  /** The machine's 1-minute load average when the run started and when it ended: above the CPU count, other work competed with the bench. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly rows: readonly Row[];
  /** Issue 14's targets and what the run measured for each (the bundle's is `bundleTargetBytes`). */
  readonly targets: readonly TargetResult[];
  readonly bundles: readonly BundleSize[];
  /** chatwire's core-bundle target in bytes (min+gzip). */
  readonly bundleTargetBytes: number;
  readonly notes: readonly string[];
  /** Delivery delays over every sample of every round, by client. */
  readonly pooledDelays: Readonly<
    Record<string, { readonly medianMs: number; readonly p99Ms: number; readonly samples: number }>
  >;
  /** Every figure every worker reported, by task, client and figure, one value per round. */
  readonly figures: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, readonly (number | null)[]>>>>>
  >;
}

const digits = (value: number): number => (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
const fixed = (value: number, places = digits(value)): string => value.toFixed(places);
const signed = (value: number, places: number): string =>
  `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(places)}`;

function formatCell(row: Row, cell: Cell | undefined): string {
  if (cell === undefined) return "—";
  if (cell.missing !== undefined) return cell.missing;
  const value = `${fixed(cell.value, row.comparison === "delta" ? 3 : undefined)} ${row.unit}`;
  const compared = cell.comparedToRaw;
  if (compared === undefined) return value;
  if (row.comparison === "ratio") {
    return `**${fixed(compared.median)}x** (${fixed(compared.min)}–${fixed(compared.max)}) ${value}`;
  }
  const places = row.unit === "ms" && Math.abs(compared.median) < 10 ? 3 : 1;
  return `${value}, **${signed(compared.median, places)}** (${signed(compared.min, places)} to ${signed(compared.max, places)})`;
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

function formatMeasured(target: TargetResult): string {
  const { measured } = target;
  if (measured === undefined) return "not measured";
  if (target.comparison === "ratio") {
    return `**${fixed(measured.median)}x** ${target.against} (${fixed(measured.min)}–${fixed(measured.max)})`;
  }
  const places = Math.abs(measured.median) < 10 ? 3 : 1;
  return `${target.against} **${signed(measured.median, places)} ms** (${signed(measured.min, places)} to ${signed(measured.max, places)})`;
}

const verdict = (met: boolean | undefined): string =>
  met === undefined ? "not measured" : met ? "met" : "**missed**";

/** The targets as a table: each as the issue words it, what chatwire measured, met or missed. */
function formatTargets(results: BenchResults): string[] {
  const lines = [
    "| Target (issue 14) | measured (median of per-round ratios or differences, min–max) | |",
    "|---|---|---|",
  ];
  for (const target of results.targets) {
    lines.push(
      `| ${target.wording} | ${target.client}: ${formatMeasured(target)} | ${verdict(target.met)} |`,
    );
  }
  const core = results.bundles.find((bundle) => bundle.client === "chatwire" && bundle.variant === "core");
  lines.push(
    `| core bundle (\`newClient\` + \`newChatCompletionRequest\` + \`chatCompletion\`, browser build) ≤ ${results.bundleTargetBytes / 1000} kB min+gzip, ky and valibot included | ` +
      `chatwire: ${core === undefined ? "not measured" : `**${kB(core.gzipBytes)}**`} | ` +
      `${verdict(core === undefined ? undefined : core.gzipBytes <= results.bundleTargetBytes)} |`,
  );
  return lines;
}

/** The results as a Markdown table (what the README shows) with its date, machine and notes. */
export function formatMarkdown(results: BenchResults, clients: readonly ClientName[]): string {
  const { machine, sizes } = results;
  const lines = [
    `chatwire bench (${results.mode}), ${results.date}: Node ${machine.node}, ${machine.os}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB; ` +
      `load average ${results.loadAverage.start.toFixed(1)} at the start, ${results.loadAverage.end.toFixed(1)} at the end; ${results.durationS} s.`,
    `${sizes.rounds} rounds, clients alternating within each round, each measurement in a fresh process; ` +
      `bold: median of the per-round ratios to raw (or differences from raw), then (min–max) over rounds, then the median figure.`,
    "",
    `| | ${clients.join(" | ")} |`,
    `|---|${clients.map(() => "---").join("|")}|`,
  ];
  for (const row of results.rows) {
    lines.push(
      `| ${row.label} | ${clients.map((client) => formatCell(row, row.cells[client])).join(" | ")} |`,
    );
  }
  for (const variant of ["core", "streaming"] as const) {
    const label =
      variant === "core"
        ? "Bundle, non-streaming call only (min+gzip)"
        : "Bundle, with streaming added (min+gzip)";
    const cells = clients.map((client) => {
      const size = results.bundles.find((bundle) => bundle.client === client && bundle.variant === variant);
      return size === undefined ? "—" : `${kB(size.gzipBytes)} (${kB(size.minifiedBytes)} min)`;
    });
    lines.push(`| ${label} | ${cells.join(" | ")} |`);
  }
  lines.push("", ...formatTargets(results));
  if (results.notes.length > 0) lines.push("", ...results.notes.map((note) => `Note: ${note}`));
  return `${lines.join("\n")}\n`;
}
