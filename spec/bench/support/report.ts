import type { ClientName } from "../clients/bench-client.ts";
import type { BundleSize } from "./bundle-size.ts";
import type { Machine } from "./machine.ts";
import type { Cell, Row } from "./rows.ts";
import type { Sizes } from "./sizes.ts";
import type { Spread } from "./stats.ts";
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
  /** The targets of issues 14 and 16 and what the run measured for each (the bundle's is `bundleTargetBytes`). */
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

/** One comparison of a target's row: `**1.82x** raw (1.73–1.93)` or `raw **+0.117 ms** (−0.196 to +0.308)`. */
function formatCompared(target: TargetResult, measured: Spread | undefined): string {
  if (measured === undefined) return "not measured";
  if (target.comparison === "ratio") {
    return `**${fixed(measured.median)}x** ${target.against} (${fixed(measured.min)}–${fixed(measured.max)})`;
  }
  const places = Math.abs(measured.median) < 10 ? 3 : 1;
  return `${target.against} **${signed(measured.median, places)} ms** (${signed(measured.min, places)} to ${signed(measured.max, places)})`;
}

const verdict = (met: boolean | undefined): string =>
  met === undefined ? "not measured" : met ? "met" : "**missed**";

/**
 * The targets as tables, one per issue: each as the issue words it, what the run measured, met or missed.
 * Issue 14's table adds, as context and not as a target, the same comparison for the floor of chatwire's
 * HTTP stack (`ky`), which chatwire cannot go below.
 */
function formatTargets(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const issue of [...new Set(results.targets.map((target) => target.issue))]) {
    const targets = results.targets.filter((target) => target.issue === issue);
    const floors = [
      ...new Set(targets.flatMap((target) => (target.floor === undefined ? [] : [target.floor]))),
    ];
    const floorHeader =
      floors.length === 0 ? "" : ` floor of the stack (${floors.join(", ")}), not a target |`;
    if (lines.length > 0) lines.push("");
    lines.push(
      `| Target (issue ${issue}) | measured (median of per-round ratios or differences, min–max) | |${floorHeader}`,
      `|---|---|---|${floors.length === 0 ? "" : "---|"}`,
    );
    for (const target of targets) {
      const floor =
        floors.length === 0
          ? ""
          : target.floor === undefined
            ? " — |"
            : ` ${target.floor}: ${formatCompared(target, target.floorMeasured)} |`;
      lines.push(
        `| ${target.wording} | ${target.client}: ${formatCompared(target, target.measured)} | ${verdict(target.met)} |${floor}`,
      );
    }
    if (issue !== 14) continue;
    const core = (client: ClientName): BundleSize | undefined =>
      results.bundles.find((bundle) => bundle.client === client && bundle.variant === "core");
    const chatwire = core("chatwire");
    const floorBundles = floors.map((client) => {
      const size = core(client);
      return ` ${client}: ${size === undefined ? "not measured" : kB(size.gzipBytes)} |`;
    });
    lines.push(
      `| core bundle (\`newClient\` + \`newChatCompletionRequest\` + \`chatCompletion\`, browser build) ≤ ${results.bundleTargetBytes / 1000} kB min+gzip, ky and valibot included | ` +
        `chatwire: ${chatwire === undefined ? "not measured" : `**${kB(chatwire.gzipBytes)}**`} | ` +
        `${verdict(chatwire === undefined ? undefined : chatwire.gzipBytes <= results.bundleTargetBytes)} |${floorBundles.join("")}`,
    );
  }
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
