import type { ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { TextCompletionChoice, TextCompletionChunkChoice } from "../schema/text-completion-schemas.ts";
import { type ChoiceFold, collectChunks } from "./collect-chunks.ts";
import type { StreamTiming } from "./stream-timing.ts";
import {
  addTextChoice,
  newTextChoiceDraft,
  type TextChoiceDraft,
  textChoiceOf,
} from "./text-choice-draft.ts";
import type { TextCompletionResponse, TextCompletionStream } from "./text-chunk-types.ts";

/** A text completion assembled from a stream, plus how the stream went. */
export interface CollectedTextCompletion extends TextCompletionResponse {
  /** The stream's timing (see `StreamTiming`): headers, time to first chunk and token, gaps, speed. */
  readonly timing: StreamTiming;
}

/** How text completion choices fold: each piece's `text` into a text completion choice. */
export const textChoiceFold: ChoiceFold<TextCompletionChunkChoice, TextChoiceDraft, TextCompletionChoice> = {
  object: "text_completion",
  newDraft: newTextChoiceDraft,
  add: addTextChoice,
  finish: textChoiceOf,
};

/**
 * Reads a whole text completion stream and assembles what a non-streaming call returns: per choice (by
 * `index`), the text concatenated, the last finish reason, logprobs arrays concatenated, other choice
 * fields' last non-null value; the last usage sent; every other top-level field's last non-null value;
 * `latencyMs` to the last chunk's arrival; and `timing`.
 * @returns the response, or the error the stream ended with. Never rejects.
 * @example
 * ```ts
 * const response = await client.completionStream(request).andThen(collectCompletionStream);
 * ```
 */
export function collectCompletionStream(
  stream: TextCompletionStream,
): ResultAsync<CollectedTextCompletion, ChatwireError> {
  return collectChunks(stream, textChoiceFold);
}
