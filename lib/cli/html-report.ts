import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { ResultAsync } from "neverthrow";
import type { BenchReport } from "./bench-report.ts";
import type { RequestSample } from "./request-sample.ts";
import { peakLine, summaryHeader, summaryRow, tokenSourceNote } from "./summary-rows.ts";

/** uPlot's minified build and style, inlined so that the report opens offline. */
interface ChartLibrary {
  readonly script: string;
  readonly style: string;
}

/** Reads uPlot (a dependency of the command, never of the SDK) from node_modules. */
export function loadChartLibrary(): ResultAsync<ChartLibrary, string> {
  const require = createRequire(import.meta.url);
  const read = (file: string): Promise<string> => readFile(require.resolve(`uplot/dist/${file}`), "utf8");
  return ResultAsync.fromPromise(
    Promise.all([read("uPlot.iife.min.js"), read("uPlot.min.css")]),
    () => "cannot read uPlot (the chart library) from node_modules",
  ).map(([script, style]) => ({ script, style }));
}

/** What the page plots: each level's figures and its sorted latencies for the CDFs. */
function plotData(report: BenchReport, samples: readonly RequestSample[]) {
  const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
  return {
    levels: report.levels.map((level) => {
      const ok = samples.filter((sample) => sample.level === level.label && sample.isOk);
      const read = (get: (sample: RequestSample) => number | undefined): number[] =>
        sorted(ok.map(get).filter((value): value is number => value !== undefined));
      return {
        label: level.label,
        load: level.loadValue,
        requestThroughput: level.requestThroughput,
        outputTokenThroughput: level.outputTokenThroughput,
        goodput: level.goodput,
        ttftP50: level.ttftMs?.p50 ?? null,
        ttftP99: level.ttftMs?.p99 ?? null,
        tpotP50: level.tpotMs?.p50 ?? null,
        tpotP99: level.tpotMs?.p99 ?? null,
        ttft: read((sample) => sample.ttftMs),
        tpot: read((sample) => sample.tpotMs),
        e2e: read((sample) => sample.e2eLatencyMs),
        itl: sorted(ok.flatMap((sample) => sample.itlMs)),
      };
    }),
  };
}

const escapeHtml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** JSON safe inside a `<script>` element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replaceAll("<", "\\u003c");

// Draws the plots from the embedded data with uPlot: CDFs share one x axis, so each level's CDF is
// evaluated at every value of every level.
const pageScript = `
const data = JSON.parse(document.getElementById("bench-data").textContent);
const colors = ["#1f77b4","#d62728","#2ca02c","#ff7f0e","#9467bd","#8c564b","#e377c2","#7f7f7f","#bcbd22","#17becf"];
const width = Math.min(900, document.body.clientWidth - 40);
function cdf(id, title, field) {
  const levels = data.levels.filter((level) => level[field].length > 0);
  if (levels.length === 0) return;
  const xs = [...new Set(levels.flatMap((level) => level[field]))].sort((a, b) => a - b);
  const ys = levels.map((level) => {
    const values = level[field];
    let below = 0;
    return xs.map((x) => { while (below < values.length && values[below] <= x) below++; return below / values.length; });
  });
  new uPlot({ title, width, height: 320, scales: { x: { time: false }, y: { range: [0, 1] } },
    axes: [{ label: "ms" }, { label: "fraction of requests" }],
    series: [{ label: "ms" }, ...levels.map((level, i) => ({ label: level.label, stroke: colors[i % 10], paths: uPlot.paths.stepped({ align: 1 }) }))] },
    [xs, ...ys], document.getElementById(id));
}
function againstLoad(id, title, unit, lines) {
  const levels = [...data.levels].sort((a, b) => a.load - b.load);
  new uPlot({ title, width, height: 320, scales: { x: { time: false } },
    axes: [{ label: "load (concurrency or requests/s)" }, { label: unit }],
    series: [{ label: "load" }, ...lines.map(([label, field], i) => ({ label, stroke: colors[i % 10], points: { show: true, size: 7 } }))] },
    [levels.map((level) => level.load), ...lines.map(([, field]) => levels.map((level) => level[field]))], document.getElementById(id));
}
cdf("ttft-cdf", "Time to first token: CDF", "ttft");
cdf("tpot-cdf", "Time per output token: CDF", "tpot");
cdf("itl-cdf", "Inter-token latency: CDF", "itl");
cdf("e2e-cdf", "End-to-end latency: CDF", "e2e");
againstLoad("ttft-load", "TTFT against load", "ms", [["TTFT p50", "ttftP50"], ["TTFT p99", "ttftP99"]]);
againstLoad("tpot-load", "TPOT against load", "ms", [["TPOT p50", "tpotP50"], ["TPOT p99", "tpotP99"]]);
againstLoad("throughput-load", "Request throughput against load", "requests/s", [["completed/s", "requestThroughput"], ["goodput/s", "goodput"]]);
againstLoad("tokens-load", "Output-token throughput against load", "tokens/s", [["output tokens/s", "outputTokenThroughput"]]);
`;

/**
 * A self-contained HTML report: the summary table and plots (latency CDFs; TTFT, TPOT and throughput
 * against load) drawn by uPlot, inlined with the data, so that it opens offline with no request made.
 */
export function htmlReport(
  report: BenchReport,
  samples: readonly RequestSample[],
  charts: ChartLibrary,
): string {
  const cell = (tag: string) => (text: string) => `<${tag}>${escapeHtml(text)}</${tag}>`;
  const table = [
    `<tr>${summaryHeader.map(cell("th")).join("")}</tr>`,
    ...report.levels.map((level) => `<tr>${summaryRow(level).map(cell("td")).join("")}</tr>`),
  ].join("\n");
  const plots = [
    "ttft-cdf",
    "tpot-cdf",
    "itl-cdf",
    "e2e-cdf",
    "ttft-load",
    "tpot-load",
    "throughput-load",
    "tokens-load",
  ]
    .map((id) => `<div class="plot" id="${id}"></div>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>chatwire bench: ${escapeHtml(report.model)}</title>
<style>${charts.style}
body { font: 14px system-ui, sans-serif; margin: 20px; color: #222; }
table { border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; white-space: nowrap; }
.plot { margin: 24px 0; }
</style>
</head>
<body>
<h1>chatwire bench: ${escapeHtml(report.model)}</h1>
<p>${escapeHtml(report.baseUrl)} · started ${escapeHtml(report.startedAt)}${report.isInterrupted ? " · <strong>stopped by Ctrl-C: partial results</strong>" : ""}</p>
<p>${escapeHtml(peakLine(report))}. Latencies in ms; ${escapeHtml(tokenSourceNote(report.levels))}.</p>
<table>
${table}
</table>
${plots}
<script type="application/json" id="bench-data">${scriptJson(plotData(report, samples))}</script>
<script type="application/json" id="bench-summary">${scriptJson(report)}</script>
<script>${charts.script}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}
