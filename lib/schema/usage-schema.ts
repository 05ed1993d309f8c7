import * as v from "valibot";

/** Token counts, as the server reports them; providers add fields (details, timings) that are kept. */
export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens?: number;
  readonly [field: string]: unknown;
}

/**
 * The token counts of a response or a chunk: `prompt_tokens` and `completion_tokens` are numbers,
 * `total_tokens` a number when sent. Every other field (`prompt_tokens_details`, `cost`...) is kept as sent.
 */
export const usageSchema: v.GenericSchema<unknown, Usage> = v.object({
  prompt_tokens: v.number(),
  completion_tokens: v.number(),
  total_tokens: v.exactOptional(v.number()),
});

/** Where a response or a chunk may carry its usage: left out, `null`, or {@link usageSchema}. */
export const optionalUsage: v.ExactOptionalSchema<
  v.NullableSchema<typeof usageSchema, undefined>,
  undefined
> = v.exactOptional(v.nullable(usageSchema));
