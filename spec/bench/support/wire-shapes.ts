// The bytes the bench server sends, in the shape OpenAI really sends them: the chunk layout is taken from
// spec/fixtures/streams/openai/text-with-usage.sse and the answer from spec/fixtures/responses/openai/text.json.

const id = "chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL";
const model = "gpt-4o-2024-08-06";
const created = 1727346168;
const systemFingerprint = "fp_5050236cbd";

/** Tokens cycled through the content deltas, so that chunks differ the way real ones do. */
const tokens: readonly string[] = [
  "I'm",
  " unable",
  " to",
  " provide",
  " real",
  "-time",
  " weather",
  " updates",
  ".",
  " To",
  " get",
  " the",
  " current",
  " weather",
  " in",
  " San",
  " Francisco",
  ",",
  " I",
  " recommend",
  " checking",
  " a",
  " reliable",
  " weather",
  " website",
  " or",
  " app",
  ".",
];

function chunk(delta: Record<string, unknown>, finishReason: string | null): string {
  return JSON.stringify({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    system_fingerprint: systemFingerprint,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
}

const event = (json: string): string => `data: ${json}\n\n`;

/** The first event of every stream: the role, empty content and a null refusal. */
export const roleEvent: string = event(chunk({ role: "assistant", content: "", refusal: null }, null));

/** One content event. */
export const contentEvent = (content: string): string => event(chunk({ content }, null));

/** The token of content event number `index`. */
export const tokenAt = (index: number): string => tokens[index % tokens.length] ?? "";

/** The end of every stream: the finish chunk, the usage chunk (`choices: []`) and `[DONE]`. */
export const tailEvents = (completionTokens: number): string =>
  event(chunk({}, "stop")) +
  event(
    JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: systemFingerprint,
      choices: [],
      usage: {
        prompt_tokens: 14,
        completion_tokens: completionTokens,
        total_tokens: 14 + completionTokens,
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    }),
  ) +
  "data: [DONE]\n\n";

/** How many chunks (not counting `[DONE]`) a stream with `contentChunks` content chunks holds. */
export const chunksInStream = (contentChunks: number): number => contentChunks + 3;

/**
 * The events of a fast stream with `contentChunks` content chunks, one string per SSE event: the role
 * event, the content events, the finish and usage events, `[DONE]`.
 */
export function fastStreamEvents(contentChunks: number): string[] {
  const events: string[] = [roleEvent];
  for (let index = 0; index < contentChunks; index++) events.push(contentEvent(tokenAt(index)));
  events.push(...tailEvents(contentChunks).split(/(?<=\n\n)/));
  return events;
}

/** The whole body of a fast stream with `contentChunks` content chunks. */
export const fastStreamBody = (contentChunks: number): string => fastStreamEvents(contentChunks).join("");

const openChunk = chunk({ content: "" }, null);
const contentAt = openChunk.indexOf('"content":""') + '"content":"'.length;

/** The opening of an event whose one `data:` line is made huge by the content sent after it. */
export const hugeLinePrefix: string = `data: ${openChunk.slice(0, contentAt)}`;

/** What closes that line's content, and the event. */
export const hugeLineSuffix: string = `${openChunk.slice(contentAt)}\n\n`;

/** A small non-streaming answer. */
export const smallAnswer: string = JSON.stringify({
  id: "chatcmpl-ABfvaueLEMLNYbT8YzpJxsmiQ6HSY",
  object: "chat.completion",
  created: 1727346142,
  model,
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content:
          "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or app like the Weather Channel or a local news station.",
        refusal: null,
      },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: {
    prompt_tokens: 14,
    completion_tokens: 37,
    total_tokens: 51,
    completion_tokens_details: { reasoning_tokens: 0 },
  },
  system_fingerprint: "fp_b40fb1c6fb",
});

/**
 * What the model name of a bench request asks the server for:
 * - `events-N`: a stream of N content chunks, sent as fast as possible, each SSE event in its own HTTP
 *   chunk (how llama.cpp's server and vLLM send: see README.md, "Framing");
 * - `fast-N`: the same stream, sent in 64 KiB writes (HTTP chunks that each hold some 250 events);
 * - `paced-N-G`: N content chunks G ms apart, each carrying its send time (see {@link sentStampNs});
 * - `hold`: the role chunk and one content chunk, then nothing until the client leaves;
 * - `line-B`: one `data:` line of B bytes that never ends;
 * - anything else, without `stream`: a small JSON answer.
 */
export type Scenario =
  | { readonly kind: "events"; readonly chunks: number }
  | { readonly kind: "fast"; readonly chunks: number }
  | { readonly kind: "paced"; readonly chunks: number; readonly gapMs: number }
  | { readonly kind: "hold" }
  | { readonly kind: "line"; readonly bytes: number };

/** Reads a scenario from a model name; `undefined` for a plain non-streaming model. */
export function parseScenario(modelName: string): Scenario | undefined {
  const [kind, first, second] = modelName.split("-");
  const a = Number(first);
  const b = Number(second);
  if ((kind === "events" || kind === "fast") && Number.isInteger(a) && a >= 0) return { kind, chunks: a };
  if (kind === "paced" && Number.isInteger(a) && a >= 0 && b >= 0) return { kind, chunks: a, gapMs: b };
  if (kind === "hold") return { kind };
  if (kind === "line" && Number.isInteger(a) && a > 0) return { kind, bytes: a };
  return undefined;
}

/**
 * The send stamp of a paced chunk: `process.hrtime.bigint()` in nanoseconds, written as the chunk's
 * content. It is CLOCK_MONOTONIC on Linux (mach_absolute_time on macOS, QPC on Windows), one clock for every
 * process of the machine, so the client subtracts it from its own reading directly.
 */
export const sentStampNs = (): string => process.hrtime.bigint().toString();
