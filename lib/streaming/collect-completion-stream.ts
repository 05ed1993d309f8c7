import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newNetworkError } from "../errors/new-errors.ts";
import { addEnvelope, finishEnvelope, newEnvelopeDraft } from "./stream-envelope.ts";
import type { StreamTiming } from "./stream-timing.ts";
import type {
  TextCompletionChoice,
  TextCompletionResponse,
  TextCompletionStream,
} from "./text-chunk-types.ts";

/** A text completion assembled from a stream, plus how the stream went. */
export interface CollectedTextCompletion extends TextCompletionResponse {
  /** The stream's timing (see `StreamTiming`): headers, time to first chunk and token, gaps, speed. */
  readonly timing: StreamTiming;
}

interface TextDraft {
  text: string;
  finishReason: string | null;
  /** Each logprobs field's arrays concatenated (`tokens`, `token_logprobs`, `top_logprobs`, `text_offset`). */
  logprobs: Map<string, unknown[]> | undefined;
  readonly extra: Map<string, unknown>;
}

const ownFields: ReadonlySet<string> = new Set(["index", "text", "finish_reason", "logprobs"]);

function addLogprobs(draft: TextDraft, logprobs: unknown): void {
  if (typeof logprobs !== "object" || logprobs === null || Array.isArray(logprobs)) return;
  draft.logprobs ??= new Map();
  for (const [key, value] of Object.entries(logprobs)) {
    if (!Array.isArray(value)) continue;
    const sofar = draft.logprobs.get(key);
    if (sofar === undefined) draft.logprobs.set(key, [...value]);
    else for (const item of value) sofar.push(item);
  }
}

async function collect(
  stream: TextCompletionStream,
): Promise<Result<CollectedTextCompletion, ChatwireError>> {
  const envelope = newEnvelopeDraft();
  const drafts = new Map<number, TextDraft>();
  for await (const chunk of stream) {
    if (chunk.error !== undefined) return err(chunk.error);
    addEnvelope(envelope, chunk);
    for (const choice of chunk.choices) {
      let draft = drafts.get(choice.index);
      if (draft === undefined) {
        draft = { text: "", finishReason: null, logprobs: undefined, extra: new Map() };
        drafts.set(choice.index, draft);
      }
      if (typeof choice.text === "string") draft.text += choice.text;
      if (typeof choice.finish_reason === "string") draft.finishReason = choice.finish_reason;
      addLogprobs(draft, choice.logprobs);
      for (const key of Object.keys(choice)) {
        const value = choice[key];
        if (!ownFields.has(key) && value !== null && value !== undefined) draft.extra.set(key, value);
      }
    }
  }
  const choices: TextCompletionChoice[] = [...drafts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, draft]) => ({
      index,
      text: draft.text,
      finish_reason: draft.finishReason,
      ...(draft.logprobs === undefined ? {} : { logprobs: Object.fromEntries(draft.logprobs) }),
      ...Object.fromEntries(draft.extra),
    }));
  const { id, model, ...meta } = finishEnvelope(envelope, stream);
  return ok({ id, object: "text_completion", model, choices, ...meta });
}

/**
 * Reads a whole text completion stream and assembles what a non-streaming call returns: per choice (by
 * `index`), the text concatenated, the last finish reason, logprobs arrays concatenated, other choice
 * fields' last non-null value; the last usage sent; `latencyMs` to the last chunk's arrival; and `timing`.
 * @returns the response, or the error the stream ended with. Never rejects.
 * @example
 * ```ts
 * const response = await client.completionStream(request).andThen(collectCompletionStream);
 * ```
 */
export function collectCompletionStream(
  stream: TextCompletionStream,
): ResultAsync<CollectedTextCompletion, ChatwireError> {
  // chatwire's streams never reject; this only guards against a hand-made iterable that throws.
  return ResultAsync.fromPromise(collect(stream), (error) =>
    newNetworkError(`reading the stream failed: ${error instanceof Error ? error.message : String(error)}`),
  ).andThen((result) => result);
}
