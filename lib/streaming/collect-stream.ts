import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newNetworkError } from "../errors/new-errors.ts";
import type { ChatCompletionResponse } from "../timing/response-meta.ts";
import { addChoice, type ChoiceDraft, choiceOf, newChoiceDraft } from "./choice-draft.ts";
import type { ChatCompletionStream } from "./chunk-types.ts";
import { addEnvelope, finishEnvelope, newEnvelopeDraft } from "./stream-envelope.ts";
import type { StreamTiming } from "./stream-timing.ts";

/** A response assembled from a stream: what a non-streaming call returns, with the stream's timing. */
export interface CollectedCompletion extends ChatCompletionResponse {
  /**
   * The stream's timing: the call's (headers, total, attempts, server figures and breakdown) plus time to
   * first chunk, token and content, chunk count, inter-chunk gaps and output speed.
   */
  readonly timing: StreamTiming;
}

const topFields: ReadonlySet<string> = new Set([
  "id",
  "object",
  "created",
  "model",
  "choices",
  "usage",
  "chunkLatencyMs",
  "totalLatencyMs",
  "isLastChunk",
  "error",
]);

async function collect(stream: ChatCompletionStream): Promise<Result<CollectedCompletion, ChatwireError>> {
  const envelope = newEnvelopeDraft();
  const extra = new Map<string, unknown>();
  const drafts = new Map<number, ChoiceDraft>();
  for await (const chunk of stream) {
    if (chunk.error !== undefined) return err(chunk.error);
    addEnvelope(envelope, chunk);
    for (const key of Object.keys(chunk)) {
      const value = chunk[key];
      if (!topFields.has(key) && value !== null && value !== undefined && value !== "") extra.set(key, value);
    }
    for (const choice of chunk.choices) {
      let draft = drafts.get(choice.index);
      if (draft === undefined) {
        draft = newChoiceDraft(choice.index);
        drafts.set(choice.index, draft);
      }
      addChoice(draft, choice);
    }
  }
  const { id, model, ...meta } = finishEnvelope(envelope, stream);
  const choices = [...drafts.values()].sort((a, b) => a.index - b.index).map(choiceOf);
  return ok({ id, object: "chat.completion", model, choices, ...Object.fromEntries(extra), ...meta });
}

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
  // chatwire's streams never reject; this only guards against a hand-made iterable that throws.
  return ResultAsync.fromPromise(collect(stream), (error) =>
    newNetworkError(`reading the stream failed: ${error instanceof Error ? error.message : String(error)}`),
  ).andThen((result) => result);
}
