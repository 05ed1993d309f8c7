import * as v from "valibot";

/** A valibot schema of a wire shape: it takes any parsed JSON and describes a `T`. */
export type WireSchema<T> = v.GenericSchema<unknown, T>;

/**
 * Checks a parsed value against a wire schema without copying it: `undefined` when it fits (the value is
 * then the schema's output type, as parsed, unknown fields kept), else valibot's first issue, whose path
 * names the field at fault. The issue is only looked up for a value that does not fit.
 */
export function shapeIssue(schema: v.GenericSchema, value: unknown): v.BaseIssue<unknown> | undefined {
  if (v.is(schema, value)) return undefined;
  return v.safeParse(schema, value, { abortEarly: true }).issues?.[0];
}
