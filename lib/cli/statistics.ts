/** The summary of one figure over a load level's requests: every value in the figure's own unit. */
export interface Statistics {
  /** How many values were summarised. */
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  /** The population standard deviation (numpy's `std`, as `vllm bench serve` reports it). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
}

/**
 * The `rank`th percentile (0 to 100) of values sorted ascending, interpolated linearly between the two
 * nearest ranks (numpy's default, which `vllm bench serve` uses). `NaN` for no values.
 * @example `percentile([1, 2, 3, 4], 50) // 2.5`
 */
export function percentile(sorted: readonly number[], rank: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = ((sorted.length - 1) * rank) / 100;
  const below = Math.floor(at);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (at - below);
}

/**
 * Summarises values: mean, median, population standard deviation, min, max and the 50th, 90th, 95th and
 * 99th percentiles. `undefined` for no values.
 * @example `summarize([100, 120, 140])?.p90 // 136`
 */
export function summarize(values: readonly number[]): Statistics | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const variance = sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / sorted.length;
  const median = percentile(sorted, 50);
  return {
    count: sorted.length,
    mean,
    median,
    std: Math.sqrt(variance),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    p50: median,
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}
