import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newNetworkError } from "../errors/new-errors.ts";
import type { ChatCompletionResponse, Usage } from "../response/response-types.ts";
import { addChoice, type ChoiceDraft, choiceOf, newChoiceDraft } from "./choice-draft.ts";
import type { ChatCompletionStream } from "./chunk-types.ts";
import { addChunkTiming, finishStreamTiming, newTimingDraft, type StreamTiming } from "./stream-timing.ts";

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
  let id = "";
  let model = "";
  let created: number | undefined;
  let usage: Usage | undefined;
  let latencyMs = stream.headersLatencyMs;
  const extra = new Map<string, unknown>();
  const drafts = new Map<number, ChoiceDraft>();
  const timing = newTimingDraft();
  for await (const chunk of stream) {
    if (chunk.error !== undefined) return err(chunk.error);
    addChunkTiming(timing, chunk);
    latencyMs = chunk.totalLatencyMs;
    if (id === "" && typeof chunk.id === "string") id = chunk.id;
    if (model === "" && typeof chunk.model === "string") model = chunk.model;
    if (created === undefined && typeof chunk.created === "number" && chunk.created > 0)
      created = chunk.created;
    if (chunk.usage !== undefined && chunk.usage !== null) usage = chunk.usage;
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
  const choices = [...drafts.values()].sort((a, b) => a.index - b.index).map(choiceOf);
  return ok({
    id,
    object: "chat.completion",
    ...(created === undefined ? {} : { created }),
    model,
    choices,
    ...(usage === undefined ? {} : { usage }),
    ...Object.fromEntries(extra),
    latencyMs,
    ...(stream.requestId === undefined ? {} : { requestId: stream.requestId }),
    attempts: stream.attempts,
    timing: finishStreamTiming(timing, stream.headersLatencyMs, stream.attempts),
  });
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
