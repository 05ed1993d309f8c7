// The answers of the hostile server: what its `ok` scenarios send, and the pieces its broken ones send.
// Tests assert against these rather than copies.

/** The answer's text, with multi-byte characters to catch broken UTF-8 handling. */
export const hostileText = "Héllo wörld — 日本語 🙂!";

/** The content pieces of the streamed answer; joined they make {@link hostileText}. */
export const hostileStreamPieces: readonly string[] = ["Héllo", " wörld", " — 日本語", " 🙂!"];

/** The non-streaming completion every `…ok` scenario answers. */
export const hostileCompletion = {
  id: "chatcmpl-hostile",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "hostile-model",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Héllo wörld — 日本語 🙂!", refusal: null },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 7, completion_tokens: 9, total_tokens: 16 },
} as const;

/** The fields every streamed chunk shares. */
export const hostileChunkBase = {
  id: "chatcmpl-hostile",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "hostile-model",
};

/** The chunks of the streamed answer, in order, before `data: [DONE]`. */
export const hostileStreamChunks: readonly object[] = [
  {
    ...hostileChunkBase,
    choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
  },
  ...hostileStreamPieces.map((content) => ({
    ...hostileChunkBase,
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  })),
  { ...hostileChunkBase, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
];

/** The mid-stream error event of `stream-error-event` (Groq's shape: `event: error`). */
export const hostileErrorEvent = {
  error: {
    message: "Tool call validation failed: parameters did not match schema",
    type: "invalid_request_error",
    code: "tool_use_failed",
  },
} as const;

/** The mid-stream error chunk of `stream-error-chunk` (OpenRouter's shape: a chunk with an `error` field). */
export const hostileErrorChunk = {
  id: "chatcmpl-hostile",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "hostile-model",
  error: { code: 502, message: "Upstream provider error" },
  choices: [{ index: 0, delta: { content: "" }, finish_reason: "error" }],
} as const;

/** The garbage line of `stream-garbage-line`. */
export const hostileGarbageLine =
  'data: {"id":"chatcmpl-hostile","choices":[{"index":0,"delta":{"content":"x"';

/** The SSE text of the whole valid stream, with the given line ending. */
export function hostileStreamText(eol = "\n", done = true): string {
  const events = hostileStreamChunks.map((chunk) => `data: ${JSON.stringify(chunk)}${eol}${eol}`);
  return events.join("") + (done ? `data: [DONE]${eol}${eol}` : "");
}

/** A ~256 KiB HTML error page, as proxies and gateways send them. */
export const hostileHtmlPage: string = `<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>${"<p>The gateway could not reach the upstream model server. Please try again later.</p>".repeat(3_100)}</body></html>`;
