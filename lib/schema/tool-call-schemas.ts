import * as v from "valibot";

/** A tool call in a response, as sent: `type` may be missing (Mistral). */
export interface ResponseToolCall {
  readonly id: string;
  readonly type?: "function";
  readonly function: { readonly name: string; readonly arguments: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

/**
 * A piece of a tool call in a stream. Some providers leave out `index` or `type` (Mistral), start indexes
 * at 1 (Anthropic's compatibility layer) or repeat `id: ""` on later pieces (Alibaba).
 */
export interface ToolCallDelta {
  readonly index?: number | null;
  readonly id?: string | null;
  /** `"function"` in practice; kept as sent. */
  readonly type?: string | null;
  readonly function?: {
    readonly name?: string | null;
    readonly arguments?: string | null;
    readonly [field: string]: unknown;
  } | null;
  readonly [field: string]: unknown;
}

/** A string, `null`, or left out: how every optional text field of a chunk may come. */
export const optionalText: v.ExactOptionalSchema<
  v.NullableSchema<v.StringSchema<undefined>, undefined>,
  undefined
> = v.exactOptional(v.nullable(v.string()));

/** A non-negative integer: a choice's or a tool call's `index`. */
export const indexSchema: v.GenericSchema<number> = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A complete tool call of a response: `id`, `function.name` and `function.arguments` are strings. */
export const toolCallSchema: v.GenericSchema<unknown, ResponseToolCall> = v.object({
  id: v.string(),
  type: v.exactOptional(v.literal("function")),
  function: v.object({ name: v.string(), arguments: v.string() }),
});

/** A piece of a tool call in a stream: every field may be missing or `null`. */
export const toolCallDeltaSchema: v.GenericSchema<unknown, ToolCallDelta> = v.object({
  index: v.exactOptional(v.nullable(indexSchema)),
  id: optionalText,
  type: optionalText,
  function: v.exactOptional(v.nullable(v.object({ name: optionalText, arguments: optionalText }))),
});
