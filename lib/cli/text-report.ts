import type { BenchReport } from "./bench-report.ts";
import { markdownTable, terminalTable } from "./format.ts";
import {
  detailFigures,
  detailHeader,
  detailRow,
  errorLines,
  peakLine,
  serverHeader,
  serverRows,
  summaryHeader,
  summaryRow,
  tokenSourceNote,
} from "./summary-rows.ts";

/** The report printed in the terminal at the end: the summary table, then notes. Latencies in ms. */
export function terminalReport(report: BenchReport): string {
  const parts = [
    terminalTable(summaryHeader, report.levels.map(summaryRow)),
    "",
    `latencies in ms; ${tokenSourceNote(report.levels)}`,
    peakLine(report),
  ];
  const server = serverRows(report.levels);
  if (server.length > 0)
    parts.push(
      "",
      "the server's own timings next to the client's (ms):",
      terminalTable(serverHeader, server),
    );
  const errors = errorLines(report.levels);
  if (errors.length > 0) parts.push("", "failures:", ...errors.map((line) => `  ${line}`));
  if (report.isInterrupted) parts.push("", "stopped by Ctrl-C: the figures cover what ran until then");
  return `${parts.join("\n")}\n`;
}

/** The summary as Markdown: the run's settings, the summary table, a detail table per figure. */
export function markdownReport(report: BenchReport): string {
  const load = report.levels.map((level) => level.label).join(", ");
  const bound = [
    report.bound.requests === undefined ? undefined : `${report.bound.requests} requests`,
    report.bound.durationMs === undefined ? undefined : `${report.bound.durationMs / 1000} s`,
  ]
    .filter((part) => part !== undefined)
    .join(" or ");
  const prompts =
    report.prompts.file === undefined
      ? `synthetic, about ${report.prompts.inputTokens} input tokens`
      : `from ${report.prompts.file}`;
  const lines = [
    `# chatwire bench: ${report.model}`,
    "",
    `- endpoint: ${report.baseUrl}${report.provider === undefined ? "" : ` (preset ${report.provider})`}`,
    `- started: ${report.startedAt}${report.isInterrupted ? " — **stopped by Ctrl-C**: partial results" : ""}`,
    `- load levels: ${load}; each bounded by ${bound}; ${report.warmup} warm-up request(s)`,
    `- prompts: ${prompts}; max_tokens ${report.prompts.outputTokens}${report.ignoreEos ? ", ignore_eos" : ""}`,
    `- timeout ${report.timeoutMs} ms, ${report.maxRetries} retries, seed ${report.seed}`,
    `- ${tokenSourceNote(report.levels)}`,
    `- ${peakLine(report)}`,
    "",
    "## Summary (latencies in ms)",
    "",
    markdownTable(summaryHeader, report.levels.map(summaryRow)),
  ];
  for (const figure of detailFigures) {
    lines.push(
      "",
      `## ${figure.title}`,
      "",
      markdownTable(
        detailHeader,
        report.levels.map((level) => detailRow(level.label, figure.read(level))),
      ),
    );
  }
  const server = serverRows(report.levels);
  if (server.length > 0)
    lines.push("", "## The server's own timings (ms)", "", markdownTable(serverHeader, server));
  const errors = errorLines(report.levels);
  if (errors.length > 0) lines.push("", "## Failures", "", ...errors.map((line) => `- ${line}`));
  return `${lines.join("\n")}\n`;
}
