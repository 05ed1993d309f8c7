const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Reads a Go-style duration, numbers each with a unit (`ms`, `s`, `m`, `h`) and nothing between them, as
 * milliseconds: `"20ms"` is 20, `"1.5s"` 1500, `"6m0s"` 360000, `"2m59.56s"` 179560. Anything else
 * (a bare number, spaces, an unknown unit) is `undefined`.
 */
export function parseUnitDurationMs(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (unitMs[unit ?? "s"] ?? 1_000), 0);
}
