import { type LoadLevel, levelLabel, levelLoad } from "./load-shape.ts";
import type { RequestSample, TokenSource } from "./request-sample.ts";
import { meetsSlo, type Slo } from "./slo.ts";
import { type Statistics, summarize } from "./statistics.ts";

/** The server's own figures over a level, next to the client's, when the server reported them. */
export interface ServerSummary {
  readonly format: string;
  /** How many requests carried server figures. */
  readonly requests: number;
  readonly ttftMs?: Statistics;
  readonly tpotMs?: Statistics;
  readonly promptMs?: Statistics;
  readonly decodeMs?: Statistics;
  readonly queueMs?: Statistics;
}

/** One load level's results. Latencies in milliseconds, throughputs per second of the level's span. */
export interface LevelSummary {
  /** `concurrency 4`, `rate 2/s`. */
  readonly label: string;
  readonly load: LoadLevel;
  /** The concurrency or rate, for plots against load. */
  readonly loadValue: number;
  /** Requests started (and ended). */
  readonly requests: number;
  readonly completed: number;
  readonly failed: number;
  /** Failed over started, from 0 to 1. */
  readonly errorRate: number;
  /** Failures counted by kind: `{ "http 429": 3, "timeout (idle)": 1 }`. */
  readonly errorsByKind: Readonly<Record<string, number>>;
  /** From the level's start to the end of its last request. */
  readonly durationMs: number;
  /** Completed requests per second. */
  readonly requestThroughput: number;
  /** Output tokens of completed requests per second. */
  readonly outputTokenThroughput: number;
  readonly totalOutputTokens: number;
  /** Where the output token counts came from: `usage`, `chunks`, or `mixed` when requests differed. */
  readonly tokenSource: TokenSource | "mixed" | "none";
  /** Completed requests that met every objective (every completed request without `--slo`). */
  readonly goodRequests: number;
  /** Good requests per second. */
  readonly goodput: number;
  readonly ttftMs?: Statistics;
  readonly tpotMs?: Statistics;
  /** Every inter-token gap of every completed request, pooled. */
  readonly itlMs?: Statistics;
  readonly e2eLatencyMs?: Statistics;
  readonly outputTokens?: Statistics;
  readonly server?: ServerSummary;
  /** True when Ctrl-C stopped the level before its bound. */
  readonly isInterrupted: boolean;
  /** Why the level stopped before its bound, when it was not Ctrl-C: `its first 20 requests all failed`. */
  readonly stoppedBecause?: string;
}

const figures = (samples: readonly RequestSample[], read: (sample: RequestSample) => number | undefined) =>
  samples.map(read).filter((value): value is number => value !== undefined);

const withStats = <Key extends string>(key: Key, values: readonly number[]) => {
  const stats = summarize(values);
  return (stats === undefined ? {} : { [key]: stats }) as Partial<Record<Key, Statistics>>;
};

function serverSummary(samples: readonly RequestSample[]): ServerSummary | undefined {
  const reported = samples.filter((sample) => sample.server !== undefined);
  const first = reported[0]?.server;
  if (first === undefined) return undefined;
  const read = (field: "ttftMs" | "tpotMs" | "promptMs" | "decodeMs" | "queueMs") =>
    figures(reported, (sample) => sample.server?.[field]);
  return {
    format: first.format,
    requests: reported.length,
    ...withStats("ttftMs", read("ttftMs")),
    ...withStats("tpotMs", read("tpotMs")),
    ...withStats("promptMs", read("promptMs")),
    ...withStats("decodeMs", read("decodeMs")),
    ...withStats("queueMs", read("queueMs")),
  };
}

function tokenSourceOf(completed: readonly RequestSample[]): LevelSummary["tokenSource"] {
  const sources = new Set(completed.map((sample) => sample.tokenSource));
  if (sources.size === 0) return "none";
  if (sources.size > 1) return "mixed";
  return [...sources][0] ?? "none";
}

/**
 * Summarises one load level's samples: for TTFT, TPOT, ITL, end-to-end latency and output tokens the mean,
 * median, standard deviation and percentiles over completed requests; request and output-token
 * throughput and goodput (requests meeting `slo`) over the level's span; failures by kind.
 */
export function summarizeLevel(
  load: LoadLevel,
  samples: readonly RequestSample[],
  span: { readonly startedMs: number; readonly endedMs: number },
  slo: Slo,
  isInterrupted: boolean,
  stoppedBecause?: string,
): LevelSummary {
  const completed = samples.filter((sample) => sample.isOk);
  const errorsByKind: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.errorKind !== undefined)
      errorsByKind[sample.errorKind] = (errorsByKind[sample.errorKind] ?? 0) + 1;
  }
  const durationMs = Math.max(0, span.endedMs - span.startedMs);
  const perSecond = (count: number): number => (durationMs > 0 ? (count * 1000) / durationMs : 0);
  const totalOutputTokens = completed.reduce((sum, sample) => sum + (sample.outputTokens ?? 0), 0);
  const goodRequests = completed.filter((sample) => meetsSlo(sample, slo)).length;
  const server = serverSummary(completed);
  return {
    label: levelLabel(load),
    load,
    loadValue: levelLoad(load),
    requests: samples.length,
    completed: completed.length,
    failed: samples.length - completed.length,
    errorRate: samples.length === 0 ? 0 : (samples.length - completed.length) / samples.length,
    errorsByKind,
    durationMs,
    requestThroughput: perSecond(completed.length),
    outputTokenThroughput: perSecond(totalOutputTokens),
    totalOutputTokens,
    tokenSource: tokenSourceOf(completed),
    goodRequests,
    goodput: perSecond(goodRequests),
    ...withStats(
      "ttftMs",
      figures(completed, (sample) => sample.ttftMs),
    ),
    ...withStats(
      "tpotMs",
      figures(completed, (sample) => sample.tpotMs),
    ),
    ...withStats(
      "itlMs",
      completed.flatMap((sample) => sample.itlMs),
    ),
    ...withStats(
      "e2eLatencyMs",
      figures(completed, (sample) => sample.e2eLatencyMs),
    ),
    ...withStats(
      "outputTokens",
      figures(completed, (sample) => sample.outputTokens),
    ),
    ...(server === undefined ? {} : { server }),
    isInterrupted,
    ...(stoppedBecause === undefined ? {} : { stoppedBecause }),
  };
}

/**
 * The level where goodput peaks (the first of equals), or `undefined` when no level had a good request.
 */
export function peakGoodputLevel(levels: readonly LevelSummary[]): LevelSummary | undefined {
  let peak: LevelSummary | undefined;
  for (const level of levels) {
    if (level.goodRequests > 0 && (peak === undefined || level.goodput > peak.goodput)) peak = level;
  }
  return peak;
}
