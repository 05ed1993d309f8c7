/**
 * Copies the defined entries only, so that a field that was not reported is absent, never `undefined`.
 * Hint: `exactOptionalPropertyTypes` forbids `undefined` in optional fields; this is how they are left out.
 */
export function definedOnly<T extends object>(fields: { readonly [K in keyof T]: T[K] | undefined }): T {
  // A loop over our own fixed keys: no entry arrays per response (this runs on every non-streaming call).
  const kept: Record<string, unknown> = {};
  for (const key in fields) if (fields[key] !== undefined) kept[key] = fields[key];
  return kept as T;
}
