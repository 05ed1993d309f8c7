import { keepExtraFields } from "./extra-fields.ts";
import type { TextCompletionChoice, TextCompletionChunkChoice } from "./text-chunk-types.ts";

/** One choice of a text completion stream, assembled from its chunks. */
export interface TextChoiceDraft {
  readonly index: number;
  text: string;
  finishReason: string | null;
  /** Each logprobs field's arrays concatenated (`tokens`, `token_logprobs`, `top_logprobs`, `text_offset`). */
  logprobs: Map<string, unknown[]> | undefined;
  /** Other fields of the choice, the last non-null value of each. */
  readonly extra: Map<string, unknown>;
}

/** Creates an empty draft for the text choice with the given index. */
export function newTextChoiceDraft(index: number): TextChoiceDraft {
  return { index, text: "", finishReason: null, logprobs: undefined, extra: new Map() };
}

const ownFields: ReadonlySet<string> = new Set(["index", "text", "finish_reason", "logprobs"]);

function addLogprobs(draft: TextChoiceDraft, logprobs: unknown): void {
  if (typeof logprobs !== "object" || logprobs === null || Array.isArray(logprobs)) return;
  draft.logprobs ??= new Map();
  for (const [key, value] of Object.entries(logprobs)) {
    if (!Array.isArray(value)) continue;
    const sofar = draft.logprobs.get(key);
    if (sofar === undefined) draft.logprobs.set(key, [...value]);
    else for (const item of value) sofar.push(item);
  }
}

/** Adds one chunk's piece of the choice: its text, finish reason, logprobs and other fields. */
export function addTextChoice(draft: TextChoiceDraft, choice: TextCompletionChunkChoice): void {
  if (typeof choice.text === "string") draft.text += choice.text;
  if (typeof choice.finish_reason === "string") draft.finishReason = choice.finish_reason;
  addLogprobs(draft, choice.logprobs);
  keepExtraFields(draft.extra, choice, ownFields);
}

/** The assembled text choice, in the shape of a non-streaming one. */
export function textChoiceOf(draft: TextChoiceDraft): TextCompletionChoice {
  return {
    index: draft.index,
    text: draft.text,
    finish_reason: draft.finishReason,
    ...(draft.logprobs === undefined ? {} : { logprobs: Object.fromEntries(draft.logprobs) }),
    ...Object.fromEntries(draft.extra),
  };
}
