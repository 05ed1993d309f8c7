import { newInvalidRequestError } from "../errors/new-errors.ts";
import { addProblem, clearProblemsOn, type RequestOption, setBodyField } from "./chat-completion-request.ts";
import { toolSchemaOf } from "./tool-schema.ts";
import type { FunctionTool, ToolChoice } from "./wire-types.ts";

/**
 * Offers tools to the model (replacing any set before, and any problem they had). When no tool choice is
 * set, whatever the option order, the request sends `tool_choice: "auto"`. Tools made by `newFunctionTool`
 * are sent in wire shape only (their schema stays out of the body); one whose schema could not be
 * converted makes sending return `invalid_request` on `tools.<index>.function.parameters`. An empty list
 * removes the field (some servers reject an empty `tools` array).
 * @example `withTools([weatherTool])`
 */
export function withTools(tools: readonly FunctionTool[]): RequestOption {
  return (request) => {
    const cleared = clearProblemsOn(request, "tools");
    if (!Array.isArray(tools))
      return addProblem(cleared, newInvalidRequestError("tools", "must be an array of tools"));
    if (tools.length === 0) {
      const { tools: _tools, ...body } = cleared.body;
      return { ...cleared, body };
    }
    let next = setBodyField(cleared, "tools", tools);
    tools.forEach((tool, index) => {
      const problem = toolSchemaOf(tool)?.problem;
      if (problem !== undefined) {
        next = addProblem(next, newInvalidRequestError(`tools.${index}.function.parameters`, problem));
      }
    });
    return next;
  };
}

/**
 * Says which tool the model may or must call: `"auto"`, `"none"`, `"required"` (Mistral: `"any"`), or
 * `{ type: "function", function: { name } }` for one named tool.
 * @example `withToolChoice("required")`
 */
export function withToolChoice(choice: ToolChoice): RequestOption {
  return (request) => setBodyField(request, "tool_choice", choice);
}

/**
 * Allows or forbids several tool calls in one answer. `false` is sent, not dropped.
 * @example `withParallelToolCalls(false)`
 */
export function withParallelToolCalls(parallel: boolean): RequestOption {
  return (request) => setBodyField(request, "parallel_tool_calls", parallel);
}
