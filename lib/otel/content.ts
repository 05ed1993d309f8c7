// Messages in the shapes of the GenAI conventions' input and output message JSON schemas
// (gen-ai-input-messages.json, gen-ai-output-messages.json): `{ role, parts: [...] }`, recorded only
// with `captureContent: true`, as JSON strings (structured attribute values are not in @opentelemetry/api
// before 1.10, and the conventions allow a JSON string on spans).
import { asRecord } from "../internal/is-record.ts";
import { parseJson } from "../internal/json.ts";

type Part = Readonly<Record<string, unknown>>;
type Record_ = Readonly<Record<string, unknown>>;

/** Tool arguments as an object when they are JSON (as the conventions prefer), else the text as sent. */
function toolArguments(text: unknown): unknown {
  if (typeof text !== "string") return text ?? null;
  return parseJson(text).unwrapOr(text);
}

/** A data URL's MIME type and base64 payload, when it is one. */
function dataUrl(url: string): { readonly mimeType: string; readonly content: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match === null ? undefined : { mimeType: match[1] ?? "", content: match[2] ?? "" };
}

/** One content part of a chat message, in the conventions' part shapes. */
function contentPart(part: unknown): Part {
  const record = asRecord(part) ?? {};
  if (record.type === "text") return { type: "text", content: String(record.text ?? "") };
  if (record.type === "image_url") {
    const url = String(asRecord(record.image_url)?.url ?? "");
    const inline = dataUrl(url);
    return inline === undefined
      ? { type: "uri", modality: "image", uri: url }
      : { type: "blob", modality: "image", mime_type: inline.mimeType, content: inline.content };
  }
  if (record.type === "input_audio") {
    const audio = asRecord(record.input_audio) ?? {};
    return {
      type: "blob",
      modality: "audio",
      mime_type: `audio/${String(audio.format)}`,
      content: audio.data,
    };
  }
  return { ...record, type: String(record.type ?? "unknown") };
}

/** The text and tool-call parts of a message's content and tool calls. */
function messageParts(message: Record_): Part[] {
  const { content } = message;
  const parts: Part[] = [];
  if (typeof content === "string" && content !== "") parts.push({ type: "text", content });
  else if (Array.isArray(content)) parts.push(...content.map(contentPart));
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (typeof reasoning === "string" && reasoning !== "")
    parts.unshift({ type: "reasoning", content: reasoning });
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    const fn = asRecord(asRecord(call)?.function) ?? {};
    parts.push({
      type: "tool_call",
      id: asRecord(call)?.id ?? null,
      name: String(fn.name ?? ""),
      arguments: toolArguments(fn.arguments),
    });
  }
  return parts;
}

/** `gen_ai.input.messages` of a chat request: every message in the order sent. */
export function chatInputMessages(messages: readonly unknown[]): string {
  return JSON.stringify(
    messages.map((message) => {
      const record = asRecord(message) ?? {};
      const role = String(record.role ?? "user");
      if (role === "tool") {
        return {
          role,
          parts: [{ type: "tool_call_response", id: record.tool_call_id ?? null, response: record.content }],
        };
      }
      return typeof record.name === "string"
        ? { role, parts: messageParts(record), name: record.name }
        : { role, parts: messageParts(record) };
    }),
  );
}

/** `gen_ai.input.messages` of a text completion request: its prompt as one user message per prompt. */
export function textInputMessages(prompt: unknown): string {
  const prompts = Array.isArray(prompt) ? prompt : [prompt];
  return JSON.stringify(
    prompts.map((text) => ({
      role: "user",
      parts: [{ type: "text", content: typeof text === "string" ? text : JSON.stringify(text) }],
    })),
  );
}

/** What a choice said, for `gen_ai.output.messages`: a message (chat) or text (text completion). */
export interface OutputChoice {
  readonly message?: unknown;
  readonly text?: unknown;
  readonly finish_reason?: string | null;
}

/** `gen_ai.output.messages` of a response: one message per choice. */
export function outputMessages(choices: readonly OutputChoice[]): string {
  return JSON.stringify(
    choices.map((choice) => {
      const message = asRecord(choice.message);
      const parts =
        message === undefined
          ? [{ type: "text", content: String(choice.text ?? "") }]
          : messageParts(message);
      return { role: "assistant", parts, finish_reason: choice.finish_reason ?? "" };
    }),
  );
}
