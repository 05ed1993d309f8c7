/**
 * Keeps the fields of `value` that chatwire does not assemble itself (`own`): the last non-null value of
 * each (with `dropsEmptyText`, the last non-empty one), so provider additions (`native_finish_reason`,
 * Gemini's `extra_content`...) survive collection.
 */
export function keepExtraFields(
  extra: Map<string, unknown>,
  value: Readonly<Record<string, unknown>>,
  own: ReadonlySet<string>,
  dropsEmptyText = false,
): void {
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (!own.has(key) && field !== null && field !== undefined && !(dropsEmptyText && field === "")) {
      extra.set(key, field);
    }
  }
}
