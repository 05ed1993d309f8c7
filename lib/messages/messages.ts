import type { ContentPart, TextPart } from "./content-parts.ts";

/** A tool call as the model sent it, and as it goes back in an assistant message. */
export interface ToolCall {
  readonly id: string;
  readonly type: "function";
  readonly function: { readonly name: string; readonly arguments: string };
}

/** Instructions that frame the conversation. */
export interface SystemMessage {
  readonly role: "system";
  readonly content: string | readonly TextPart[];
  readonly name?: string;
}

/** Instructions for reasoning models that use the `developer` role. */
export interface DeveloperMessage {
  readonly role: "developer";
  readonly content: string | readonly TextPart[];
  readonly name?: string;
}

/** What the user says: text or content parts (text, images, audio). */
export interface UserMessage {
  readonly role: "user";
  readonly content: string | readonly ContentPart[];
  readonly name?: string;
}

/** What the model said: text, tool calls, or both. */
export interface AssistantMessage {
  readonly role: "assistant";
  readonly content?: string | null;
  readonly tool_calls?: readonly ToolCall[];
  readonly refusal?: string | null;
  readonly name?: string;
}

/** The result of a tool call, sent back to the model. */
export interface ToolMessage {
  readonly role: "tool";
  readonly tool_call_id: string;
  readonly content: string;
}

/** Any message of a conversation. */
export type ChatMessage = SystemMessage | DeveloperMessage | UserMessage | AssistantMessage | ToolMessage;

/**
 * Creates a system message.
 *
 * @example
 * ```ts
 * newSystemMessage("You answer in one sentence.");
 * ```
 */
export function newSystemMessage(content: string): SystemMessage {
  return { role: "system", content };
}

/** Creates a developer message (the `developer` role of OpenAI's reasoning models). */
export function newDeveloperMessage(content: string): DeveloperMessage {
  return { role: "developer", content };
}

/**
 * Creates a user message from text or content parts.
 *
 * @example
 * ```ts
 * newUserMessage("Hello!");
 * newUserMessage([newTextPart("Describe this."), newImagePart("https://example.com/a.png")]);
 * ```
 */
export function newUserMessage(content: string | readonly ContentPart[]): UserMessage {
  return { role: "user", content };
}

/**
 * Creates an assistant message with text, tool calls, or both, to continue a conversation.
 * Hint: `assistantMessage(response)` gives the one the model sent.
 */
export function newAssistantMessage(
  content: string | null,
  toolCalls?: readonly ToolCall[],
): AssistantMessage {
  // `null` (as some servers send it, and JavaScript may pass on) counts as none, as an empty list does.
  return toolCalls?.length
    ? { role: "assistant", content, tool_calls: toolCalls }
    : { role: "assistant", content };
}

/**
 * Creates a tool message carrying the result of the tool call with the given id.
 *
 * @example
 * ```ts
 * newToolMessage(call.id, JSON.stringify({ temperature: 21 }));
 * ```
 */
export function newToolMessage(toolCallId: string, content: string): ToolMessage {
  return { role: "tool", tool_call_id: toolCallId, content };
}
