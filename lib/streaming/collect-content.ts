type Part = Record<string, unknown>;

const isPart = (value: unknown): value is Part =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Appends a part, merging it into the previous one when both are text parts or both thinking parts. */
function appendPart(parts: unknown[], part: unknown): void {
  const last = parts[parts.length - 1];
  if (isPart(part) && isPart(last) && part.type === last.type) {
    if (part.type === "text" && typeof part.text === "string" && typeof last.text === "string") {
      last.text += part.text;
      return;
    }
    if (part.type === "thinking" && Array.isArray(part.thinking) && Array.isArray(last.thinking)) {
      for (const inner of part.thinking) appendPart(last.thinking, inner);
      return;
    }
  }
  // Our own copy (spread defines own properties, so a `__proto__` key stays inert) that later parts merge into.
  if (isPart(part) && part.type === "text") parts.push({ ...part });
  else if (isPart(part) && part.type === "thinking" && Array.isArray(part.thinking)) {
    const copy: unknown[] = [];
    for (const inner of part.thinking) appendPart(copy, inner);
    parts.push({ ...part, thinking: copy });
  } else parts.push(part);
}

/** The content of one choice, assembled from its deltas. */
export interface ContentDraft {
  text: string;
  /** Set once a delta sent content as an array of parts (Mistral's reasoning models). */
  parts: unknown[] | undefined;
  isSeen: boolean;
}

/** Creates an empty content draft. */
export function newContentDraft(): ContentDraft {
  return { text: "", parts: undefined, isSeen: false };
}

/**
 * Adds a delta's content: text is concatenated; once a delta sends an array of parts, the content becomes
 * an array in which consecutive text parts (and text strings) join into one text part and consecutive
 * thinking parts into one thinking part, the shape of the non-streaming answer.
 */
export function addContent(draft: ContentDraft, content: unknown): void {
  if (typeof content === "string") {
    draft.isSeen = true;
    if (draft.parts === undefined) draft.text += content;
    else if (content !== "") appendPart(draft.parts, { type: "text", text: content });
  } else if (Array.isArray(content)) {
    draft.isSeen = true;
    if (draft.parts === undefined) {
      draft.parts = draft.text === "" ? [] : [{ type: "text", text: draft.text }];
    }
    for (const part of content) appendPart(draft.parts, part);
  }
}

/** The assembled content: the parts, the text, or `null` when no delta carried content. */
export function contentOf(draft: ContentDraft): string | readonly unknown[] | null {
  if (draft.parts !== undefined) return draft.parts;
  return draft.isSeen ? draft.text : null;
}
