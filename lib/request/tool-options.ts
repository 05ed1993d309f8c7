import { type RequestOption, withBodyField } from "./chat-completion-request.ts";
import type { FunctionTool, ToolChoice } from "./wire-types.ts";

/**
 * Offers tools to the model (replacing any set before). When no tool choice is set, whatever the option
 * order, the request sends `tool_choice: "auto"`.
 * @example `withTools([weatherTool])`
 */
export function withTools(tools: readonly FunctionTool[]): RequestOption {
  return (request) => withBodyField(request, "tools", tools);
}

/**
 * Says which tool the model may or must call: `"auto"`, `"none"`, `"required"` (Mistral: `"any"`), or
 * `{ type: "function", function: { name } }` for one named tool.
 * @example `withToolChoice("required")`
 */
export function withToolChoice(choice: ToolChoice): RequestOption {
  return (request) => withBodyField(request, "tool_choice", choice);
}

/**
 * Allows or forbids several tool calls in one answer. `false` is sent, not dropped.
 * @example `withParallelToolCalls(false)`
 */
export function withParallelToolCalls(parallel: boolean): RequestOption {
  return (request) => withBodyField(request, "parallel_tool_calls", parallel);
}
