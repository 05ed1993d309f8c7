import type { BenchReport } from "./bench-report.ts";
import { formatNumber, formatPercent, stat } from "./format.ts";
import type { LevelSummary } from "./level-summary.ts";
import type { Statistics } from "./statistics.ts";

/** The columns of the summary table, one row per load level. */
export const summaryHeader: readonly string[] = [
  "level",
  "ok",
  "failed",
  "req/s",
  "out tok/s",
  "goodput/s",
  "TTFT p50",
  "TTFT p99",
  "TPOT p50",
  "TPOT p99",
  "ITL p50",
  "ITL p99",
  "E2E p50",
  "E2E p99",
];

/** One load level as a row of the summary table (latencies in ms). */
export function summaryRow(level: LevelSummary): readonly string[] {
  return [
    `${level.label}${level.isInterrupted || level.stoppedBecause !== undefined ? " (stopped)" : ""}`,
    String(level.completed),
    String(level.failed),
    formatNumber(level.requestThroughput),
    formatNumber(level.outputTokenThroughput),
    formatNumber(level.goodput),
    stat(level.ttftMs, "p50"),
    stat(level.ttftMs, "p99"),
    stat(level.tpotMs, "p50"),
    stat(level.tpotMs, "p99"),
    stat(level.itlMs, "p50"),
    stat(level.itlMs, "p99"),
    stat(level.e2eLatencyMs, "p50"),
    stat(level.e2eLatencyMs, "p99"),
  ];
}

/** The columns of a detail table: one figure's statistics per level. */
export const detailHeader: readonly string[] = [
  "level",
  "n",
  "mean",
  "median",
  "std",
  "p50",
  "p90",
  "p95",
  "p99",
  "max",
];

/** One figure's statistics at one level, as a detail row. */
export function detailRow(label: string, stats: Statistics | undefined): readonly string[] {
  return [
    label,
    String(stats?.count ?? 0),
    ...(["mean", "median", "std", "p50", "p90", "p95", "p99", "max"] as const).map((key) => stat(stats, key)),
  ];
}

/** The figures the detail tables show, with their titles. */
export const detailFigures: readonly {
  readonly title: string;
  readonly read: (level: LevelSummary) => Statistics | undefined;
}[] = [
  { title: "Time to first token (ms)", read: (level) => level.ttftMs },
  { title: "Time per output token after the first (ms)", read: (level) => level.tpotMs },
  { title: "Inter-token latency, every chunk gap (ms)", read: (level) => level.itlMs },
  { title: "End-to-end latency (ms)", read: (level) => level.e2eLatencyMs },
  { title: "Output tokens per request", read: (level) => level.outputTokens },
];

/** The columns of the client-against-server table. */
export const serverHeader: readonly string[] = [
  "level",
  "server",
  "TTFT p50 client",
  "TTFT p50 server",
  "TPOT p50 client",
  "TPOT p50 server",
  "prompt p50",
  "decode p50",
];

/** The levels whose server reported its own timings, as client-against-server rows. */
export function serverRows(levels: readonly LevelSummary[]): readonly (readonly string[])[] {
  return levels.flatMap((level) =>
    level.server === undefined
      ? []
      : [
          [
            level.label,
            `${level.server.format} (${level.server.requests})`,
            stat(level.ttftMs, "p50"),
            stat(level.server.ttftMs, "p50"),
            stat(level.tpotMs, "p50"),
            stat(level.server.tpotMs, "p50"),
            stat(level.server.promptMs, "p50"),
            stat(level.server.decodeMs, "p50"),
          ],
        ],
  );
}

/** Where the output token counts came from, in words. */
export function tokenSourceNote(levels: readonly LevelSummary[]): string {
  const sources = new Set(levels.map((level) => level.tokenSource).filter((source) => source !== "none"));
  if (sources.size === 0) return "output tokens: no request completed";
  if (sources.size === 1 && sources.has("usage"))
    return "output tokens: from the server's usage (stream_options.include_usage)";
  if (sources.size === 1 && sources.has("chunks")) {
    return "output tokens: counted chunks (the server sent no usage), one token per chunk assumed";
  }
  return "output tokens: from usage where the server sent it, else counted chunks";
}

/** The failures of each level, by kind: `concurrency 4: http 429 ×3, timeout (idle) ×1`. */
export function errorLines(levels: readonly LevelSummary[]): readonly string[] {
  return levels
    .filter((level) => level.failed > 0)
    .map(
      (level) =>
        `${level.label}: ${formatPercent(level.errorRate)} failed: ${Object.entries(level.errorsByKind)
          .map(([kind, count]) => `${kind} ×${count}`)
          .join(
            ", ",
          )}${level.stoppedBecause === undefined ? "" : `; stopped early: ${level.stoppedBecause}`}`,
    );
}

/** Where goodput peaked, in words. */
export function peakLine(report: BenchReport): string {
  const slo = Object.entries(report.slo).map(([metric, limit]) => `${metric} ≤ ${limit} ms`);
  const under = slo.length === 0 ? "no --slo: every completed request counts" : `under ${slo.join(", ")}`;
  const peak = report.levels.find((level) => level.label === report.peakGoodputLevel);
  return peak === undefined
    ? `goodput: no request met the objectives (${under})`
    : `goodput peaks at ${peak.label}: ${formatNumber(peak.goodput)} req/s (${under})`;
}
