import { err, ok, Result, ResultAsync } from "neverthrow";
import { contentText } from "../messages/content-text.ts";
import type { AssistantMessage, ToolCall, ToolMessage } from "../messages/messages.ts";
import { newToolMessage } from "../messages/messages.ts";
import type { TypedFunctionTool } from "../request/tool-schema.ts";
import type { FunctionTool, ToolChoice } from "../request/wire-types.ts";
import type { ResponseMessage } from "../schema/chat-completion-schema.ts";
import { parseToolCall, type ToolCallLike } from "./parse-tool-call.ts";

/** What a handler gets beside its arguments and call. */
export interface ToolContext {
  /** The run's signal, when it has one: the run stops waiting for handlers when it fires. */
  readonly signal: AbortSignal | undefined;
}

/**
 * Runs one tool call. Called with the arguments parsed and checked by the tool's schema, the call itself
 * and the run's context (its signal). It may return a value, a Promise, a neverthrow `Result` or
 * `ResultAsync`; an `Err`, a throw or a rejection is reported to the model as the tool's failure. A string
 * result is sent as is, anything else as JSON (`undefined` as `null`).
 */
export type ToolHandler<Args = unknown> = (args: Args, toolCall: ToolCall, context: ToolContext) => unknown;

/** The arguments a tool's handler receives: typed by its schema when made by `newFunctionTool`. */
export type ToolArgsOf<Tool> = Tool extends TypedFunctionTool<string, infer Args> ? Args : unknown;

/** The names of some tools, as a union. */
export type ToolNames<Tools extends readonly FunctionTool[]> = Tools[number]["function"]["name"];

/** The arguments of the tool of a given name among some tools. */
export type ToolArgsByName<Tools extends readonly FunctionTool[], Name> = ToolArgsOf<
  Extract<Tools[number], { readonly function: { readonly name: Name } }>
>;

// A mapped type over the names (not over the tools with an `as` clause): TypeScript gives contextual
// types to the handlers' parameters only through the former.
/** One handler per tool, keyed by tool name. */
export type ToolHandlers<Tools extends readonly FunctionTool[] = readonly FunctionTool[]> = {
  readonly [Name in ToolNames<Tools>]: ToolHandler<ToolArgsByName<Tools, Name>>;
};

/** What one tool call gave, as sent back to the model. */
export interface ToolResult {
  /** The call, as sent back in the assistant message. */
  readonly toolCall: ToolCall;
  /** The tool message answering it. */
  readonly message: ToolMessage;
  /** True when the tool gave no result: unknown tool, bad arguments, no handler, or the handler failed. */
  readonly isError: boolean;
}

/** A failure in words: its message, the string itself, or its JSON; never throws, whatever was thrown. */
function describeFailure(error: unknown): string {
  return Result.fromThrowable(
    (): string => {
      if (typeof error === "string") return error;
      const message = (error as { message?: unknown } | null)?.message;
      if (typeof message === "string") return message;
      return JSON.stringify(error) ?? String(error);
    },
    () => undefined,
  )().unwrapOr("(a value that cannot be printed)");
}

const isResultLike = (value: unknown): value is Result<unknown, unknown> =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { isOk?: unknown }).isOk === "function" &&
  typeof (value as { isErr?: unknown }).isErr === "function";

function stringify(value: unknown): Result<string | undefined, string> {
  return Result.fromThrowable(
    () => JSON.stringify(value ?? null) as string | undefined,
    (error) => `its result cannot be sent as JSON: ${describeFailure(error)}`,
  )();
}

/** A handler's result as tool message content: a string as is, anything else as JSON. */
function serialise(value: unknown): Result<string, string> {
  if (typeof value === "string") return ok(value);
  return stringify(value).andThen((text) =>
    text === undefined ? err(`its result (a ${typeof value}) cannot be sent as JSON`) : ok(text),
  );
}

/** Runs a handler, whatever it returns or throws: the one place handler exceptions are caught. */
function settle(
  handler: ToolHandler,
  args: unknown,
  toolCall: ToolCall,
  context: ToolContext,
): ResultAsync<string, string> {
  return ResultAsync.fromPromise(
    Promise.resolve().then(() => handler(args, toolCall, context)),
    describeFailure,
  ).andThen((value) => {
    if (!isResultLike(value)) return serialise(value);
    return value.isOk() ? serialise(value.value) : err(describeFailure(value.error));
  });
}

/** A tool call in the shape sent back to the model: `type` added where the server left it out. */
export function toWireToolCall(call: ToolCallLike): ToolCall {
  return {
    id: call.id,
    type: "function",
    function: { name: call.function.name, arguments: call.function.arguments },
  };
}

const failed = (toolCall: ToolCall, reason: string): ToolResult => ({
  toolCall,
  message: newToolMessage(toolCall.id, `Error: ${reason}`),
  isError: true,
});

/**
 * Runs one tool call to a tool message: the handler's result, or an `Error: …` text the model can act on
 * (unknown tool, arguments not JSON or not matching, no handler, handler failure). Never rejects.
 */
export async function runToolCall(
  toolCall: ToolCall,
  tools: readonly FunctionTool[],
  handlers: Readonly<Record<string, ToolHandler | undefined>>,
  context: ToolContext,
): Promise<ToolResult> {
  const parsed = parseToolCall(toolCall, tools);
  if (parsed.isErr()) return failed(toolCall, parsed.error.message);
  const { name, args } = parsed.value;
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (typeof handler !== "function") return failed(toolCall, `the tool ${name} has no handler`);
  const settled = await settle(handler, args, toolCall, context);
  return settled.isOk()
    ? { toolCall, message: newToolMessage(toolCall.id, settled.value), isError: false }
    : failed(toolCall, `the tool ${name} failed: ${settled.error}`);
}

/**
 * The assistant message to send back for a response message: its text (`null` when empty) and its tool
 * calls in wire shape. Provider extras (`reasoning_content`...) are left out: most servers reject them.
 */
export function toAssistantMessage(message: ResponseMessage): AssistantMessage {
  const content = contentText(message.content) || null;
  const calls = (message.tool_calls ?? []).map(toWireToolCall);
  return calls.length === 0
    ? { role: "assistant", content }
    : { role: "assistant", content, tool_calls: calls };
}

/** After tools ran, a forced choice (`required`, `any`, a named function) would force tools forever. */
export function relaxedToolChoice(choice: ToolChoice | undefined): ToolChoice | undefined {
  return choice === undefined || choice === "auto" || choice === "none" ? choice : "auto";
}
