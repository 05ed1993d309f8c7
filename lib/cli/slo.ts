import { err, ok, type Result } from "neverthrow";

/** The figures a service-level objective can bound. */
export type SloMetric = "ttft" | "tpot" | "itl" | "e2el";

/** Service-level objectives: each figure's upper bound, in milliseconds. */
export type Slo = Readonly<Partial<Record<SloMetric, number>>>;

const metrics: readonly SloMetric[] = ["ttft", "tpot", "itl", "e2el"];

/**
 * Reads `--slo`: comma-separated `metric:milliseconds` pairs, metrics `ttft`, `tpot`, `itl` (every
 * inter-token gap of the request) and `e2el` (end-to-end latency).
 * @example `parseSlo("ttft:500,tpot:50") // Ok({ ttft: 500, tpot: 50 })`
 */
export function parseSlo(text: string): Result<Slo, string> {
  const slo: Partial<Record<SloMetric, number>> = {};
  for (const pair of text.split(",")) {
    const [name, value, ...rest] = pair.trim().split(":");
    const limitMs = Number(value);
    if (!metrics.includes(name as SloMetric) || rest.length > 0 || value === "" || !(limitMs > 0)) {
      return err(`--slo: "${pair.trim()}" is not metric:milliseconds (metrics: ${metrics.join(", ")})`);
    }
    slo[name as SloMetric] = limitMs;
  }
  return ok(slo);
}

/** What an SLO is checked against: a request's figures, in milliseconds. */
export interface SloFigures {
  readonly isOk: boolean;
  readonly ttftMs?: number;
  readonly tpotMs?: number;
  readonly itlMs: readonly number[];
  readonly e2eLatencyMs?: number;
}

/**
 * True when a request succeeded and meets every objective. A request with a single output token has no
 * TPOT and meets a TPOT objective; one with no token has no TTFT and does not meet a TTFT objective.
 */
export function meetsSlo(sample: SloFigures, slo: Slo): boolean {
  if (!sample.isOk) return false;
  if (slo.ttft !== undefined && !(sample.ttftMs !== undefined && sample.ttftMs <= slo.ttft)) return false;
  if (slo.tpot !== undefined && sample.tpotMs !== undefined && sample.tpotMs > slo.tpot) return false;
  if (slo.itl !== undefined && sample.itlMs.some((gapMs) => gapMs > (slo.itl as number))) return false;
  if (slo.e2el !== undefined && !(sample.e2eLatencyMs !== undefined && sample.e2eLatencyMs <= slo.e2el))
    return false;
  return true;
}
