import type { OutputChoice } from "./content.ts";

interface ToolCallDraft {
  id: string | undefined;
  name: string;
  arguments: string;
}

interface ChoiceDraft {
  content: string;
  reasoning: string;
  finishReason: string | null;
  readonly toolCalls: ToolCallDraft[];
}

/** The output of a stream put together for `gen_ai.output.messages` (only with `captureContent`). */
export type ContentDraft = Map<number, ChoiceDraft>;

type Loose = { readonly [field: string]: unknown } | null | undefined;

const text = (value: unknown): string => (typeof value === "string" ? value : "");

function choiceDraft(draft: ContentDraft, index: number): ChoiceDraft {
  let choice = draft.get(index);
  if (choice === undefined) {
    choice = { content: "", reasoning: "", finishReason: null, toolCalls: [] };
    draft.set(index, choice);
  }
  return choice;
}

function addToolCall(choice: ChoiceDraft, delta: Loose, position: number): void {
  const index = typeof delta?.index === "number" ? delta.index : position;
  choice.toolCalls[index] ??= { id: undefined, name: "", arguments: "" };
  const call = choice.toolCalls[index];
  if (typeof delta?.id === "string" && delta.id !== "") call.id = delta.id;
  const fn = delta?.function as Loose;
  call.name += text(fn?.name);
  call.arguments += text(fn?.arguments);
}

/** Adds what a chunk's choices say (chat `delta` or text completion `text`) to the draft. */
export function addChunkContent(draft: ContentDraft, choices: readonly Loose[]): void {
  for (const [position, chunkChoice] of choices.entries()) {
    const choice = choiceDraft(draft, typeof chunkChoice?.index === "number" ? chunkChoice.index : position);
    const delta = chunkChoice?.delta as Loose;
    choice.content += text(delta?.content) + text(chunkChoice?.text);
    choice.reasoning += text(delta?.reasoning_content) + text(delta?.reasoning);
    const calls = delta?.tool_calls;
    if (Array.isArray(calls))
      for (const [at, call] of calls.entries()) addToolCall(choice, call as Loose, at);
    if (typeof chunkChoice?.finish_reason === "string") choice.finishReason = chunkChoice.finish_reason;
  }
}

/** The draft's choices, in index order, in the shape `outputMessages` reads. */
export function draftChoices(draft: ContentDraft): readonly OutputChoice[] {
  return [...draft.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, choice]) => ({
      message: {
        content: choice.content,
        reasoning_content: choice.reasoning,
        tool_calls: choice.toolCalls
          .filter((call) => call !== undefined)
          .map((call) => ({ id: call.id, function: { name: call.name, arguments: call.arguments } })),
      },
      finish_reason: choice.finishReason,
    }));
}
