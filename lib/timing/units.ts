/** Reads a field as a finite number ≥ 0; anything else (missing, `null`, a string, NaN) is `undefined`. */
export function nonNegativeAt(record: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = record[key];
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Rounds milliseconds to the nanosecond: servers report seconds with nine decimals, and the arithmetic
 * on them should not leave float dust (`179.48177499999998`) in what a user reads.
 */
export function roundMs(ms: number): number {
  return Math.round(ms * 1e6) / 1e6;
}

/** Converts seconds to milliseconds, rounded to the nanosecond. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e6;
}
