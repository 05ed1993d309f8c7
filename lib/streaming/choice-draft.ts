import type { ResponseChoice, ResponseMessage } from "../schema/chat-completion-schema.ts";
import type { ChunkChoice } from "../schema/chunk-schema.ts";
import { addContent, type ContentDraft, contentOf, newContentDraft } from "./collect-content.ts";
import { keepExtraFields } from "./extra-fields.ts";
import { addToolCall, newToolCallDrafts, type ToolCallDrafts, toolCallsOf } from "./tool-call-drafts.ts";

/** A text field assembled from deltas: `undefined` until a delta sends the key, then the text so far or `null`. */
type TextDraft = string | null | undefined;

/** One choice of a stream, assembled from its chunks. Create it with {@link newChoiceDraft}. */
export interface ChoiceDraft {
  readonly index: number;
  role: string | undefined;
  readonly content: ContentDraft;
  refusal: TextDraft;
  reasoningContent: TextDraft;
  reasoning: TextDraft;
  readonly toolCalls: ToolCallDrafts;
  finishReason: string | null;
  /** `undefined` until a chunk sends the key; the arrays of each logprobs field, concatenated. */
  logprobs: LogprobsDraft;
  /** Other fields of the choice (`native_finish_reason`, `stop_reason`...), the last non-null value of each. */
  readonly extra: Map<string, unknown>;
}

/** Creates an empty draft for the choice with the given index. */
export function newChoiceDraft(index: number): ChoiceDraft {
  return {
    index,
    role: undefined,
    content: newContentDraft(),
    refusal: undefined,
    reasoningContent: undefined,
    reasoning: undefined,
    toolCalls: newToolCallDrafts(),
    finishReason: null,
    logprobs: undefined,
    extra: new Map(),
  };
}

function addText(draft: TextDraft, value: unknown): TextDraft {
  if (typeof value === "string") return (draft ?? "") + value;
  return value === null && draft === undefined ? null : draft;
}

/** A choice's logprobs being assembled: `undefined` until a chunk sends the key; each field's arrays concatenated. */
export type LogprobsDraft = Map<string, unknown[] | null> | null | undefined;

/**
 * Adds a chunk's logprobs: each field's arrays are concatenated; a field (or the whole logprobs) sent as
 * anything else is `null` until an array (or object) comes.
 */
export function addLogprobs(draft: LogprobsDraft, logprobs: unknown): LogprobsDraft {
  if (logprobs === undefined) return draft;
  if (typeof logprobs !== "object" || logprobs === null || Array.isArray(logprobs)) return draft ?? null;
  const fields = draft ?? new Map<string, unknown[] | null>();
  for (const [key, value] of Object.entries(logprobs)) {
    const sofar = fields.get(key);
    if (!Array.isArray(value)) {
      if (sofar === undefined) fields.set(key, null);
    } else if (sofar === null || sofar === undefined) fields.set(key, [...value]);
    else for (const item of value) sofar.push(item);
  }
  return fields;
}

const choiceFields: ReadonlySet<string> = new Set(["index", "delta", "finish_reason", "logprobs"]);

/** Adds one chunk's piece of the choice. */
export function addChoice(draft: ChoiceDraft, choice: ChunkChoice): void {
  const { delta } = choice;
  if (draft.role === undefined && typeof delta.role === "string" && delta.role !== "")
    draft.role = delta.role;
  addContent(draft.content, delta.content);
  draft.refusal = addText(draft.refusal, delta.refusal);
  draft.reasoningContent = addText(draft.reasoningContent, delta.reasoning_content);
  draft.reasoning = addText(draft.reasoning, delta.reasoning);
  if (Array.isArray(delta.tool_calls))
    for (const piece of delta.tool_calls) addToolCall(draft.toolCalls, piece);
  if (typeof choice.finish_reason === "string") draft.finishReason = choice.finish_reason;
  draft.logprobs = addLogprobs(draft.logprobs, choice.logprobs);
  keepExtraFields(draft.extra, choice, choiceFields);
}

/** The assembled choice, in the shape of a non-streaming one. */
export function choiceOf(draft: ChoiceDraft): ResponseChoice {
  const toolCalls = toolCallsOf(draft.toolCalls);
  const message: ResponseMessage = {
    role: draft.role ?? "assistant",
    content: contentOf(draft.content),
    ...(draft.refusal === undefined ? {} : { refusal: draft.refusal }),
    ...(draft.reasoningContent === undefined ? {} : { reasoning_content: draft.reasoningContent }),
    ...(draft.reasoning === undefined ? {} : { reasoning: draft.reasoning }),
    ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
  };
  const { logprobs } = draft;
  return {
    index: draft.index,
    message,
    finish_reason: draft.finishReason,
    ...(logprobs === undefined ? {} : { logprobs: logprobs === null ? null : Object.fromEntries(logprobs) }),
    ...Object.fromEntries(draft.extra),
  };
}
