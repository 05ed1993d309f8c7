import * as v from "valibot";

/**
 * The content of a message or a delta: text, `null`, an array of content parts (Mistral's reasoning
 * models), or left out. The parts are kept as sent.
 */
export const optionalContent: v.ExactOptionalSchema<
  v.NullableSchema<
    v.UnionSchema<[v.StringSchema<undefined>, v.ArraySchema<v.UnknownSchema, undefined>], undefined>,
    undefined
  >,
  undefined
> = v.exactOptional(v.nullable(v.union([v.string(), v.array(v.unknown())])));
