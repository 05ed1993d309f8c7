import type { ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { ResponseChoice } from "../schema/chat-completion-schema.ts";
import type { ChunkChoice } from "../schema/chunk-schema.ts";
import type { ChatCompletionResponse } from "../timing/response-meta.ts";
import { addChoice, type ChoiceDraft, choiceOf, newChoiceDraft } from "./choice-draft.ts";
import type { ChatCompletionStream } from "./chunk-types.ts";
import { type ChoiceFold, collectChunks } from "./collect-chunks.ts";
import type { StreamTiming } from "./stream-timing.ts";

/** A response assembled from a stream: what a non-streaming call returns, with the stream's timing. */
export interface CollectedCompletion extends ChatCompletionResponse {
  /**
   * The stream's timing: the call's (headers, total, attempts, server figures and breakdown) plus time to
   * first chunk, token and content, chunk count, inter-chunk gaps and output speed.
   */
  readonly timing: StreamTiming;
}

/** How chat completion choices fold: each delta's message and tool call pieces into a response choice. */
export const chatChoiceFold: ChoiceFold<ChunkChoice, ChoiceDraft, ResponseChoice> = {
  object: "chat.completion",
  newDraft: newChoiceDraft,
  add: addChoice,
  finish: choiceOf,
};

/**
 * Reads a whole stream and assembles the response a non-streaming call would have returned: per choice
 * (by `index`), content and refusal concatenated (Mistral's content arrays joined into one thinking part
 * and one text part), `reasoning_content` and `reasoning` concatenated, tool calls assembled (see
 * `addToolCall`: by `index`, or by id for Mistral's pieces without one), the last finish reason, logprobs
 * arrays concatenated; the last usage sent (servers that repeat a running total end with the full one).
 * `id` and `model` are the first non-empty ones (Azure's first chunk has neither), `created` the first
 * positive one; every other top-level and choice field keeps the last non-null value sent (so `citations`,
 * `system_fingerprint`, `service_tier`, OpenAI's `moderation` survive). `latencyMs` runs from the call's
 * start to the arrival of the last chunk; `timing` tells the rest (see `StreamTiming`).
 *
 * @returns the response, or the error the stream ended with. Never rejects.
 * @example
 * ```ts
 * const response = await client.chatCompletionStream(request).andThen(collectStream);
 * response.map((r) => console.log(r.choices[0]?.message.content, r.timing.timeToFirstTokenMs));
 * ```
 */
export function collectStream(stream: ChatCompletionStream): ResultAsync<CollectedCompletion, ChatwireError> {
  return collectChunks(stream, chatChoiceFold);
}
