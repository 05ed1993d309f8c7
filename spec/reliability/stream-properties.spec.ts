// Property tests of the stream reader, through the real client: a valid stream yields the same chunks however
// its bytes are cut into reads, and any bytes at all as a 200 `text/event-stream` body end, in bounded time,
// with exactly one last chunk: a clean end or one error chunk.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type ChatCompletionStream,
  type Client,
  type CompletionChunk,
  isChatwireError,
  newChatCompletionStreamRequest,
  newUserMessage,
  withIdleTimeout,
  withMaxEventBytes,
} from "../../lib/index.ts";
import { plantedKey } from "./hostile-client.ts";
import { expectOneLastChunk } from "./hostile-stream.ts";
import {
  clientReplying,
  expectedChunks,
  toReads,
  validChunksArbitrary,
  validStreamArbitrary,
} from "./stream-arbitraries.ts";

const request = newChatCompletionStreamRequest("prop-model", [newUserMessage("Hi")]);
const encoder = new TextEncoder();
const cutsArbitrary = fc.array(fc.nat(), { maxLength: 12 });

/** Opens and reads a stream; fails the property if it throws, rejects or does not end within `boundMs`. */
async function chunksWithin(client: Client, boundMs = 3_000): Promise<CompletionChunk[]> {
  const read = async (): Promise<CompletionChunk[]> => {
    const opened = await client.chatCompletionStream(request);
    const stream: ChatCompletionStream = opened._unsafeUnwrap();
    const chunks: CompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      if (chunks.length > 10_000) throw new Error("the stream did not end");
    }
    return chunks;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the stream did not end within ${boundMs} ms`)), boundMs);
  });
  return Promise.race([read(), hung]).finally(() => clearTimeout(timer));
}

describe("a valid stream split at any byte offsets", () => {
  test("yields the same chunks as unsplit, and they are the chunks that were sent", async () => {
    await fc.assert(
      fc.asyncProperty(validStreamArbitrary, cutsArbitrary, async ({ chunks, text }, cuts) => {
        const bytes = encoder.encode(text);
        const whole = await chunksWithin(clientReplying([bytes]));
        const split = await chunksWithin(clientReplying(toReads(bytes, cuts)));

        expect(whole).toStrictEqual(expectedChunks(chunks));
        expect(split).toStrictEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  test("one byte per read yields the same chunks too", async () => {
    await fc.assert(
      fc.asyncProperty(validStreamArbitrary, async ({ chunks, text }) => {
        const bytes = encoder.encode(text);
        const reads = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));

        expect(await chunksWithin(clientReplying(reads))).toStrictEqual(expectedChunks(chunks));
      }),
      { numRuns: 25 },
    );
  });
});

/** SSE-looking pieces, joined at random: they reach every branch of the reader, not only "not SSE". */
const ssePieces = [
  "data: ",
  "data:",
  "event: error\n",
  ": ping\n",
  "id: 7\n",
  "retry: 10\n",
  "\n",
  "\r",
  "\r\n",
  "[DONE]",
  "{",
  "}",
  '"choices":',
  "[]",
  "null",
  "é🙂",
  "\uFEFF",
  '{"choices":[{"index":0,"delta":{"content":"日本"},"finish_reason":null}]}',
  '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
  '{"choices":[{"index":"0"}]}',
  `{"error":{"message":"boom ${plantedKey}","code":502}}`,
  '{"usage":{"prompt_tokens":1,"completion_tokens":2}}',
];

const bodyArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.array(fc.constantFrom(...ssePieces), { maxLength: 40 }).map((pieces) => encoder.encode(pieces.join(""))),
  // Valid chunks, then the server's error (Groq's `event: error`, OpenRouter's chunk with `error`).
  fc
    .tuple(
      validChunksArbitrary,
      fc.nat(),
      fc.constantFrom(
        'event: error\ndata: {"error":{"message":"overloaded","type":"server_error"}}\n\n',
        `data: {"error":{"message":"boom ${plantedKey}","code":502},"choices":[]}\n\n`,
      ),
    )
    .map(([chunks, count, error]) => {
      const events = chunks
        .slice(0, count % (chunks.length + 1))
        .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
      return encoder.encode(events.join("") + error);
    }),
  // A valid stream cut short, or with a byte replaced.
  fc
    .tuple(validStreamArbitrary, fc.nat(), fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }))
    .map(([{ text }, at, byte]) => {
      const bytes = encoder.encode(text);
      const offset = at % (bytes.length + 1);
      if (byte === undefined) return bytes.subarray(0, offset);
      const changed = bytes.slice();
      if (offset < changed.length) changed[offset] = byte;
      return changed;
    }),
);

describe("any bytes as a 200 text/event-stream body", () => {
  test("never throw, never hang, and end with exactly one last chunk: a clean end or one error chunk", async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        bodyArbitrary,
        cutsArbitrary,
        fc.integer({ min: 8, max: 4_096 }),
        async (bytes, cuts, maxEventBytes) => {
          const client = clientReplying(
            toReads(bytes, cuts),
            withMaxEventBytes(maxEventBytes),
            withIdleTimeout(2_000),
          );

          const chunks = await chunksWithin(client);

          expectOneLastChunk(chunks);
          expect(chunks.slice(0, -1).every((chunk) => chunk.error === undefined)).toBe(true);
          const last = chunks.at(-1) as CompletionChunk;
          if (last.error === undefined) outcomes.add("clean");
          else {
            expect(isChatwireError(last.error)).toBe(true);
            expect(["decode", "network", "http"]).toContain(last.error.kind);
            expect(last.choices).toStrictEqual([]);
            outcomes.add(last.error.kind);
          }
          expect(JSON.stringify(chunks)).not.toContain(plantedKey);
        },
      ),
      { numRuns: 300 },
    );
    // The runs met every ending, so the property did not hold by accident.
    expect([...outcomes].sort()).toStrictEqual(["clean", "decode", "http", "network"]);
  });
});
