import type { ResponseMessage, WireChatCompletion } from "../schema/chat-completion-schema.ts";
import { contentText } from "./content-text.ts";

/**
 * Gives the message of a response's first choice, or `undefined` when there is none (or, from JavaScript,
 * when `response` is not a response).
 * Hint: pass it back with `newAssistantMessage` (or as is) to continue the conversation.
 * @example
 * ```ts
 * console.log(assistantMessage(response)?.content);
 * ```
 */
export function assistantMessage(response: WireChatCompletion): ResponseMessage | undefined {
  return (response as Partial<WireChatCompletion> | undefined)?.choices?.[0]?.message;
}

/**
 * Gives the text of a response's first choice: its string content, or the text parts of an array content
 * joined (Mistral's reasoning models), or `undefined`.
 * Hint: `deltaText(chunk)` reads a stream chunk the same way.
 */
export function assistantText(response: WireChatCompletion): string | undefined {
  return contentText(assistantMessage(response)?.content);
}
