// fast-check generators for the stream property tests: valid SSE streams built from real chunk shapes, and
// bodies that are anything but.
import fc from "fast-check";
import {
  type Client,
  type ClientOption,
  type CompletionChunk,
  newClient,
  withApiKey,
  withBaseUrl,
  withClock,
  withFetch,
  withMaxRetries,
} from "../../lib/index.ts";
import { plantedKey } from "./hostile-client.ts";

const base = {
  id: "chatcmpl-prop",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "prop-model",
};

/** Text with multi-byte characters (2, 3 and 4 UTF-8 bytes), quotes, backslashes and line breaks. */
const textArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      "a",
      "Z",
      " ",
      "é",
      "ö",
      "—",
      "日",
      "本",
      "🙂",
      "👍🏽",
      '"',
      "\\",
      "\n",
      "\r",
      "\u2028",
    ),
    maxLength: 12,
  }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);

const choice = (delta: object, finishReason: string | null = null) => ({
  ...base,
  choices: [{ index: 0, delta, finish_reason: finishReason }],
});

/** One middle chunk, in a shape some real provider sends. */
const middleChunkArbitrary: fc.Arbitrary<object> = fc.oneof(
  textArbitrary.map((content) => choice({ content })),
  textArbitrary.map((reasoning_content) => choice({ reasoning_content })),
  textArbitrary.map((reasoning) => choice({ reasoning })),
  fc.tuple(fc.nat({ max: 2 }), textArbitrary).map(([index, args]) =>
    choice({
      tool_calls: [
        { index, id: `call_${index}`, type: "function", function: { name: "f", arguments: args } },
      ],
    }),
  ),
  // Mistral's tool-call deltas carry neither `index` nor `type`.
  textArbitrary.map((args) =>
    choice({ tool_calls: [{ id: "m1", function: { name: "g", arguments: args } }] }),
  ),
);

/** The chunks of a valid stream: an optional Azure-style first chunk, a role chunk, middles, a finish, usage. */
export const validChunksArbitrary: fc.Arbitrary<object[]> = fc
  .tuple(
    fc.boolean(),
    fc.array(middleChunkArbitrary, { maxLength: 8 }),
    fc.constantFrom("stop", "length", "tool_calls", "content_filter", "eos"),
    fc.option(fc.tuple(fc.nat({ max: 5_000 }), fc.nat({ max: 5_000 })), { nil: undefined }),
  )
  .map(([azureFirst, middles, finishReason, usage]) => [
    ...(azureFirst
      ? [{ id: "", object: "", created: 0, model: "", choices: [], prompt_filter_results: [] }]
      : []),
    choice({ role: "assistant", content: "" }),
    ...middles,
    choice({}, finishReason),
    ...(usage === undefined
      ? []
      : [
          {
            ...base,
            choices: [],
            usage: {
              prompt_tokens: usage[0],
              completion_tokens: usage[1],
              total_tokens: usage[0] + usage[1],
            },
          },
        ]),
  ]);

/** How one event is written: its line ending, `data:` with or without a space, comments and an `id:` before it. */
interface EventForm {
  readonly eol: string;
  readonly space: boolean;
  readonly comments: readonly string[];
  readonly id: boolean;
}

const eventFormArbitrary: fc.Arbitrary<EventForm> = fc.record({
  eol: fc.constantFrom("\n", "\r\n", "\r"),
  space: fc.boolean(),
  comments: fc.array(fc.string({ unit: "grapheme-ascii", maxLength: 10 }), { maxLength: 2 }),
  id: fc.boolean(),
});

/** A valid SSE stream of those chunks (one random form per event, an optional BOM, an optional `[DONE]`). */
export const validStreamArbitrary: fc.Arbitrary<{ chunks: object[]; text: string }> =
  validChunksArbitrary.chain((chunks) =>
    fc
      .tuple(
        fc.array(eventFormArbitrary, { minLength: chunks.length + 1, maxLength: chunks.length + 1 }),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([forms, bom, done]) => {
        const events = [...chunks.map((chunk) => JSON.stringify(chunk)), ...(done ? ["[DONE]"] : [])];
        const text = events
          .map((data, i) => {
            const { eol, space, comments, id } = forms[i] as EventForm;
            // A comment's text cannot hold a line break: it would end the line.
            const lines = comments.map((comment) => `:${comment.replace(/[\r\n]/g, " ")}${eol}`);
            return `${lines.join("")}${id ? `id: ${i}${eol}` : ""}data:${space ? " " : ""}${data}${eol}${eol}`;
          })
          .join("");
        return { chunks, text: (bom ? "\uFEFF" : "") + text };
      }),
  );

/** The chunks a valid stream yields on a client whose clock reads 0: as sent, the last one flagged. */
export function expectedChunks(chunks: readonly object[]): CompletionChunk[] {
  return chunks.map((chunk, index) => ({
    ...(chunk as CompletionChunk),
    chunkLatencyMs: 0,
    totalLatencyMs: 0,
    isLastChunk: index === chunks.length - 1,
  }));
}

/** Cuts bytes into reads at the given offsets (taken modulo the length, deduplicated). */
export function toReads(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const reads: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    if (offset > start) reads.push(bytes.subarray(start, offset));
    start = offset;
  }
  return reads;
}

/** A client whose every call is answered 200 `text/event-stream` with `reads`, one per body read. */
export function clientReplying(reads: readonly Uint8Array[], ...options: ClientOption[]): Client {
  const answer = withFetch(async () => {
    const queue = [...reads];
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const next = queue.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(next);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  });
  return newClient(
    withBaseUrl("http://127.0.0.1:9/v1"),
    withApiKey(plantedKey),
    withMaxRetries(0),
    withClock(() => 0),
    answer,
    ...options,
  );
}
