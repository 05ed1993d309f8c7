/** How a value that is not what an option builder gives looks, for a message: `undefined`, `a number`... */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return `a${/^[aeiou]/.test(type) ? "n" : ""} ${type}`;
}
