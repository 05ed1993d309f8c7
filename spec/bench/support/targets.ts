import type { ClientName } from "../clients/bench-client.ts";
import { type Comparison, compareRounds, type FigureTable, type RowSpec } from "./rows.ts";
import { type Spread, spread } from "./stats.ts";

/**
 * A target on one row: the median over rounds of the per-round ratio (or difference, as the row compares)
 * of `client`'s figure to `against`'s must be at most `limit`. `wording` states it as the issue does.
 */
export interface Target {
  readonly id: string;
  /** The issue that sets the target. */
  readonly issue: number;
  readonly wording: string;
  readonly row: string;
  readonly client: ClientName;
  readonly against: ClientName;
  readonly limit: number;
  /**
   * A client whose same comparison the table shows beside the target as context, not as a target: `ky`,
   * the floor of chatwire's HTTP stack, which chatwire cannot go below.
   */
  readonly floor?: ClientName;
}

/** A target and what the run measured for it. */
export interface TargetResult extends Target {
  readonly comparison: Comparison;
  /** The per-round ratios or differences; absent when a client or the row was not measured. */
  readonly measured?: Spread;
  readonly met?: boolean;
  /** The floor client's per-round ratios or differences against the same client, when it ran. */
  readonly floorMeasured?: Spread;
}

/**
 * Issue 14's targets, on the realistic framing (one HTTP chunk per SSE event), each with the floor beside
 * it, then issue 16's: a comparison between two variants of one client is one more entry. A target whose
 * clients did not run is listed as not measured.
 */
export const targets: readonly Target[] = [
  {
    id: "stream_cpu_raw",
    issue: 14,
    wording: "stream CPU ≤ 1.5x raw",
    row: "stream_cpu",
    client: "chatwire",
    against: "raw",
    limit: 1.5,
    floor: "ky",
  },
  {
    id: "stream_cpu_openai",
    issue: 14,
    wording: "stream CPU ≤ 0.5x the official `openai` package's",
    row: "stream_cpu",
    client: "chatwire",
    against: "openai",
    limit: 0.5,
    floor: "ky",
  },
  {
    id: "sequential_cpu_raw",
    issue: 14,
    wording: "non-streaming CPU ≤ 1.35x raw, sequential",
    row: "sequential_cpu",
    client: "chatwire",
    against: "raw",
    limit: 1.35,
    floor: "ky",
  },
  {
    id: "concurrent_cpu_raw",
    issue: 14,
    wording: "non-streaming CPU ≤ 1.35x raw, at concurrency 32",
    row: "concurrent_cpu",
    client: "chatwire",
    against: "raw",
    limit: 1.35,
    floor: "ky",
  },
  {
    id: "delay_raw",
    issue: 14,
    wording: "delivery delay ≤ raw + 0.1 ms",
    row: "delay_median",
    client: "chatwire",
    against: "raw",
    limit: 0.1,
    floor: "ky",
  },
  {
    id: "heap_raw",
    issue: 14,
    wording: "heap per open stream ≤ 1.2x raw",
    row: "heap_per_stream",
    client: "chatwire",
    against: "raw",
    limit: 1.2,
    floor: "ky",
  },
  {
    id: "import_raw",
    issue: 14,
    wording: "import ≤ raw + 45 ms",
    row: "import",
    client: "chatwire",
    against: "raw",
    limit: 45,
    // No floor: chatwire loads ky on its first request, so ky's own import cost is not beneath chatwire's.
  },
  {
    id: "telemetry_stream_cpu",
    issue: 16,
    wording: "telemetry on costs at most 10% more CPU per streamed chunk than off",
    row: "stream_cpu",
    client: "chatwire-telemetry",
    against: "chatwire",
    limit: 1.1,
  },
];

/** Measures every target against the run's figures. */
export function measureTargets(rows: readonly RowSpec[], figures: FigureTable): readonly TargetResult[] {
  return targets.map((target): TargetResult => {
    const row = rows.find((spec) => spec.id === target.row);
    if (row === undefined) return { ...target, comparison: "ratio" };
    const byClient = figures.get(row.task);
    const compare = (client: ClientName | undefined): Spread | undefined => {
      const mine = client === undefined ? undefined : byClient?.get(client)?.get(row.figure);
      const theirs = byClient?.get(target.against)?.get(row.figure);
      const compared =
        mine === undefined || theirs === undefined ? [] : compareRounds(mine, theirs, row.comparison);
      return compared.length === 0 ? undefined : spread(compared);
    };
    const measured = compare(target.client);
    const floorMeasured = compare(target.floor);
    return {
      ...target,
      comparison: row.comparison,
      ...(measured === undefined ? {} : { measured, met: measured.median <= target.limit }),
      ...(floorMeasured === undefined ? {} : { floorMeasured }),
    };
  });
}
