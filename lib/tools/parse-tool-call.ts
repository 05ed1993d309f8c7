import { err, ok, type Result } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError, newOutputError } from "../errors/new-errors.ts";
import { describeValue } from "../internal/describe-value.ts";
import { isRecord } from "../internal/is-record.ts";
import { parseJson } from "../internal/json.ts";
import { type TypedFunctionTool, toolSchemaOf } from "../request/tool-schema.ts";
import type { FunctionTool } from "../request/wire-types.ts";

/** A tool call whose arguments were parsed and checked: what a handler receives. */
export interface ParsedToolCall<Name extends string = string, Args = unknown> {
  /** The tool's name. Hint: with several tools, switch on it to narrow `args`. */
  readonly name: Name;
  /** The call's id, to answer with `newToolMessage(id, ...)`. */
  readonly id: string;
  readonly args: Args;
}

/** A tool call as responses and streams give it (`type` may be missing, as with Mistral). */
export interface ToolCallLike {
  readonly id: string;
  readonly function: { readonly name: string; readonly arguments: string };
}

/** The parsed call of one tool: typed by its schema when made by `newFunctionTool`, else `unknown` args. */
export type ToolCallOf<Tool> =
  Tool extends TypedFunctionTool<infer Name, infer Args> ? ParsedToolCall<Name, Args> : ParsedToolCall;

/** The tools of `tool | tools[]`, as a union. */
export type ToolsOf<T> = T extends readonly (infer Tool)[] ? Tool : T;

const toList = (tools: FunctionTool | readonly FunctionTool[]): readonly FunctionTool[] =>
  Array.isArray(tools) ? (tools as readonly FunctionTool[]) : [tools as FunctionTool];

/** A tool's name, read without trusting the tool's shape. */
const nameOf = (tool: FunctionTool | null | undefined): string | undefined => tool?.function?.name;

/**
 * Parses a tool call's arguments and checks them against the schema of the tool it names. With several
 * tools the result is a union discriminated by `name`. Empty arguments (`""`) count as `{}`, as some
 * servers send them for tools without parameters. Never throws. Errors are of kind `output`, one reason
 * each: `unknown_tool` (no tool of that name), `not_json` (arguments not JSON) and `schema_mismatch` (with
 * the `path` of the first mismatch inside the arguments). A `toolCall` that is not one (from JavaScript,
 * `tool_calls?.[0]` of a message without tool calls) is `invalid_request` on `toolCall`.
 * @example
 * ```ts
 * for (const call of assistantMessage(response)?.tool_calls ?? []) {
 *   const parsed = parseToolCall(call, [getWeather, getStockPrice]);
 *   if (parsed.isOk() && parsed.value.name === "get_weather") console.log(parsed.value.args.city);
 * }
 * ```
 */
export function parseToolCall<const T extends FunctionTool | readonly FunctionTool[]>(
  toolCall: ToolCallLike,
  tools: T,
): Result<ToolCallOf<ToolsOf<T>>, ChatwireError> {
  // From JavaScript (`tool_calls?.[0]` of a message without tool calls): no call to parse.
  if (
    !isRecord(toolCall) ||
    !isRecord(toolCall.function) ||
    typeof toolCall.function.arguments !== "string"
  ) {
    const got = describeValue(toolCall);
    return err(newInvalidRequestError("toolCall", `must be a tool call from a response, got ${got}`));
  }
  const { id } = toolCall;
  const { name, arguments: text } = toolCall.function;
  const list = toList(tools);
  const tool = list.find((candidate) => nameOf(candidate) === name);
  if (tool === undefined) {
    const offered = list
      .map(nameOf)
      .filter((offer) => offer !== undefined)
      .join(", ");
    return err(
      newOutputError(
        "unknown_tool",
        `the model called a tool named "${name}" (call ${id}), which is not among the tools offered: ${offered === "" ? "none" : offered}`,
      ),
    );
  }
  const json = parseJson(text.trim() === "" ? "{}" : text);
  if (json.isErr()) {
    return err(
      newOutputError("not_json", `the arguments of ${name} (call ${id}) are not JSON: ${json.error.message}`),
    );
  }
  const schema = toolSchemaOf(tool);
  const args =
    schema === undefined ? ok(json.value) : schema.check(json.value, `the arguments of ${name} (call ${id})`);
  return args.map((value) => ({ name, id, args: value }) as ToolCallOf<ToolsOf<T>>);
}
