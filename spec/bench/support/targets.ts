import type { ClientName } from "../clients/bench-client.ts";
import { type Comparison, compareRounds, type FigureTable, type RowSpec } from "./rows.ts";
import { type Spread, spread } from "./stats.ts";

/**
 * A target on one row: the median over rounds of the per-round ratio (or difference, as the row compares)
 * of `client`'s figure to `against`'s must be at most `limit`. `wording` states it as the issue does.
 */
export interface Target {
  readonly id: string;
  readonly wording: string;
  readonly row: string;
  readonly client: ClientName;
  readonly against: ClientName;
  readonly limit: number;
}

/** A target and what the run measured for it. */
export interface TargetResult extends Target {
  readonly comparison: Comparison;
  /** The per-round ratios or differences; absent when a client or the row was not measured. */
  readonly measured?: Spread;
  readonly met?: boolean;
}

/**
 * Issue 14's targets, on the realistic framing (one HTTP chunk per SSE event). A comparison between two
 * variants of one client is one more entry (issue 16: `chatwire-telemetry` against `chatwire` on
 * `stream_cpu`, limit 1.1); a target whose clients did not run is listed as not measured.
 */
export const targets: readonly Target[] = [
  {
    id: "stream_cpu_raw",
    wording: "stream CPU ≤ 1.5x raw",
    row: "stream_cpu",
    client: "chatwire",
    against: "raw",
    limit: 1.5,
  },
  {
    id: "stream_cpu_openai",
    wording: "stream CPU ≤ 0.5x the official `openai` package's",
    row: "stream_cpu",
    client: "chatwire",
    against: "openai",
    limit: 0.5,
  },
  {
    id: "sequential_cpu_raw",
    wording: "non-streaming CPU ≤ 1.35x raw, sequential",
    row: "sequential_cpu",
    client: "chatwire",
    against: "raw",
    limit: 1.35,
  },
  {
    id: "concurrent_cpu_raw",
    wording: "non-streaming CPU ≤ 1.35x raw, at concurrency 32",
    row: "concurrent_cpu",
    client: "chatwire",
    against: "raw",
    limit: 1.35,
  },
  {
    id: "delay_raw",
    wording: "delivery delay ≤ raw + 0.1 ms",
    row: "delay_median",
    client: "chatwire",
    against: "raw",
    limit: 0.1,
  },
  {
    id: "heap_raw",
    wording: "heap per open stream ≤ 1.2x raw",
    row: "heap_per_stream",
    client: "chatwire",
    against: "raw",
    limit: 1.2,
  },
  {
    id: "import_raw",
    wording: "import ≤ raw + 45 ms",
    row: "import",
    client: "chatwire",
    against: "raw",
    limit: 45,
  },
];

/** Measures every target against the run's figures. */
export function measureTargets(rows: readonly RowSpec[], figures: FigureTable): readonly TargetResult[] {
  return targets.map((target): TargetResult => {
    const row = rows.find((spec) => spec.id === target.row);
    if (row === undefined) return { ...target, comparison: "ratio" };
    const byClient = figures.get(row.task);
    const mine = byClient?.get(target.client)?.get(row.figure);
    const theirs = byClient?.get(target.against)?.get(row.figure);
    const compared =
      mine === undefined || theirs === undefined ? [] : compareRounds(mine, theirs, row.comparison);
    if (compared.length === 0) return { ...target, comparison: row.comparison };
    const measured = spread(compared);
    return { ...target, comparison: row.comparison, measured, met: measured.median <= target.limit };
  });
}
