/** A value's kind, for a message saying what was given instead: `undefined`, `null`, `an array`, `a number`... */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return `a${/^[aeiou]/.test(type) ? "n" : ""} ${type}`;
}

/** What a thrown value says: an error's message, anything else as a string. */
export const describeThrown = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
