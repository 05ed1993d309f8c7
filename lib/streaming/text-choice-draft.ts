import type { TextCompletionChoice, TextCompletionChunkChoice } from "../schema/text-completion-schemas.ts";
import { addLogprobs, type LogprobsDraft } from "./choice-draft.ts";
import { keepExtraFields } from "./extra-fields.ts";

/** One choice of a text completion stream, assembled from its chunks. */
export interface TextChoiceDraft {
  readonly index: number;
  text: string;
  finishReason: string | null;
  /** Each logprobs field's arrays concatenated (`tokens`, `token_logprobs`, `top_logprobs`, `text_offset`). */
  logprobs: LogprobsDraft;
  /** Other fields of the choice, the last non-null value of each. */
  readonly extra: Map<string, unknown>;
}

/** Creates an empty draft for the text choice with the given index. */
export function newTextChoiceDraft(index: number): TextChoiceDraft {
  return { index, text: "", finishReason: null, logprobs: undefined, extra: new Map() };
}

const ownFields: ReadonlySet<string> = new Set(["index", "text", "finish_reason", "logprobs"]);

/** Adds one chunk's piece of the choice: its text, finish reason, logprobs and other fields. */
export function addTextChoice(draft: TextChoiceDraft, choice: TextCompletionChunkChoice): void {
  if (typeof choice.text === "string") draft.text += choice.text;
  if (typeof choice.finish_reason === "string") draft.finishReason = choice.finish_reason;
  draft.logprobs = addLogprobs(draft.logprobs, choice.logprobs);
  keepExtraFields(draft.extra, choice, ownFields);
}

/** The assembled text choice, in the shape of a non-streaming one. */
export function textChoiceOf(draft: TextChoiceDraft): TextCompletionChoice {
  return {
    index: draft.index,
    text: draft.text,
    finish_reason: draft.finishReason,
    // Unlike a chat choice, a text choice leaves out logprobs (and logprobs fields) sent only as null.
    ...(draft.logprobs instanceof Map
      ? { logprobs: Object.fromEntries([...draft.logprobs].filter(([, value]) => value !== null)) }
      : {}),
    ...Object.fromEntries(draft.extra),
  };
}
