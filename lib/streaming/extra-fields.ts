/**
 * Keeps the fields of `value` that chatwire does not assemble itself (`own`): the last non-null value of
 * each, so provider additions (`native_finish_reason`, Gemini's `extra_content`...) survive collection.
 */
export function keepExtraFields(
  extra: Map<string, unknown>,
  value: Readonly<Record<string, unknown>>,
  own: ReadonlySet<string>,
): void {
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (!own.has(key) && field !== null && field !== undefined) extra.set(key, field);
  }
}
