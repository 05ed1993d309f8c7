/** The spread of the gaps between chunks, in milliseconds. */
export interface GapStatistics {
  readonly interChunkMedianMs: number;
  readonly interChunkP90Ms: number;
  readonly interChunkP99Ms: number;
  readonly interChunkMaxMs: number;
}

/**
 * The median (the mean of the two middle gaps for an even count), the 90th and 99th percentiles by
 * nearest rank, and the maximum of the gaps; `undefined` without any gap.
 */
export function gapStatistics(gapsMs: readonly number[]): GapStatistics | undefined {
  if (gapsMs.length === 0) return undefined;
  // A typed array sorts numerically, without a comparison callback per pair.
  const sorted = Float64Array.from(gapsMs).sort();
  const rank = (fraction: number): number => sorted[Math.ceil(sorted.length * fraction) - 1] ?? 0;
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return {
    interChunkMedianMs: median,
    interChunkP90Ms: rank(0.9),
    interChunkP99Ms: rank(0.99),
    interChunkMaxMs: sorted[sorted.length - 1] ?? 0,
  };
}
