/**
 * The text of a message's content: a string as is, the `text` parts of an array of parts joined (Mistral's
 * reasoning models send arrays; their thinking parts are not text), `undefined` for anything else.
 */
export function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  let text = "";
  for (const part of content as readonly { readonly type?: unknown; readonly text?: unknown }[]) {
    if (part?.type === "text" && typeof part.text === "string") text += part.text;
  }
  return text;
}
