/** Reads a field as a finite number ≥ 0; anything else (missing, `null`, a string, NaN) is `undefined`. */
export function nonNegativeAt(record: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = record[key];
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Reads a field that holds a plain object, or `undefined`. */
export function recordAt(
  record: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>> | undefined {
  const value = record[key];
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)
    : undefined;
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

/** Copies the defined entries only, so that a field the server did not report is absent, never `undefined`. */
export function definedOnly<T extends object>(fields: { readonly [K in keyof T]: T[K] | undefined }): T {
  // A loop over our own fixed keys: no entry arrays per response (this runs on every non-streaming call).
  const kept: Record<string, unknown> = {};
  for (const key in fields) if (fields[key] !== undefined) kept[key] = fields[key];
  return kept as T;
}
