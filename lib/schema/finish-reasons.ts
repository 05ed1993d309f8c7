/**
 * The finish reasons chatwire knows by name. Servers send others (`eos`, `eos_token`): `finish_reason`
 * keeps whatever was sent.
 * @example
 * ```ts
 * if (response.choices[0]?.finish_reason === FinishReason.length) console.warn("the answer was cut");
 * ```
 */
export const FinishReason: {
  readonly stop: "stop";
  readonly length: "length";
  readonly modelLength: "model_length";
  readonly error: "error";
  readonly toolCalls: "tool_calls";
  readonly contentFilter: "content_filter";
} = {
  stop: "stop",
  length: "length",
  modelLength: "model_length",
  error: "error",
  toolCalls: "tool_calls",
  contentFilter: "content_filter",
};

/** A finish reason chatwire knows by name. */
export type KnownFinishReason = (typeof FinishReason)[keyof typeof FinishReason];
