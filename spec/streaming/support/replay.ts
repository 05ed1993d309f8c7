import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import nock from "nock";
import {
  type ChatCompletionRequest,
  type ChatCompletionStream,
  type Client,
  type ClientOption,
  type CompletionChunk,
  newChatCompletionStreamRequest,
  newClient,
  newUserMessage,
  type RequestOption,
  withApiKey,
  withBaseUrl,
  withClock,
  withMaxRetries,
} from "../../../lib/index.ts";
import { newSeededRandom } from "../../../lib/internal/seeded-random.ts";

/** The server every nock-backed streaming test talks to. */
export const origin = "https://stream.test";

/** The base URL every nock-backed streaming test talks to. */
export const baseUrl: string = `${origin}/v1`;

const fixturesRoot = join(import.meta.dirname, "..", "..", "fixtures", "streams");

/** Every recorded stream, as `provider/case.sse`. */
export function fixtureNames(): string[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(fixturesRoot, entry.name))
        .filter((file) => file.endsWith(".sse"))
        .map((file) => `${entry.name}/${file}`),
    )
    .sort();
}

/** The raw bytes of a recorded stream. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesRoot, name)));
}

/** A small seeded PRNG (chatwire's own mulberry32), so random splits are reproducible. */
export const seededRandom: (seed: number) => () => number = newSeededRandom;

/** Cuts bytes at `cuts` random offsets (sorted, distinct), chosen by the seed. */
export function splitRandomly(bytes: Uint8Array, seed: number, cuts: number): Uint8Array[] {
  const random = seededRandom(seed);
  const offsets = new Set<number>();
  while (offsets.size < Math.min(cuts, bytes.length - 1))
    offsets.add(1 + Math.floor(random() * (bytes.length - 1)));
  const sorted = [...offsets].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...sorted, bytes.length]) {
    pieces.push(bytes.subarray(start, offset));
    start = offset;
  }
  return pieces;
}

/**
 * A readable that pushes each piece as its own write, one event-loop turn apart, so that the client reads
 * them separately instead of as one coalesced buffer.
 */
export function piecesReadable(pieces: readonly Uint8Array[]): Readable {
  let next = 0;
  return new Readable({
    read() {
      setImmediate(() => {
        const piece = pieces[next++];
        this.push(piece === undefined ? null : Buffer.from(piece));
      });
    },
  });
}

/** Intercepts one streaming call and answers it with the given pieces; gives the request body and headers sent. */
export function replyWithStream(
  pieces: readonly Uint8Array[],
  status = 200,
  headers: Record<string, string> = {},
): {
  readonly scope: nock.Scope;
  readonly body: () => unknown;
  readonly headers: () => Record<string, string>;
} {
  let sent: unknown;
  const sentHeaders: Record<string, string> = {};
  const capture = (name: string) => (value: string | null) => {
    if (value !== null) sentHeaders[name] = value;
    return true;
  };
  const scope = nock(origin)
    .post("/v1/chat/completions", (body) => {
      sent = body;
      return true;
    })
    .matchHeader("accept", capture("accept"))
    .matchHeader("authorization", capture("authorization"))
    .reply(status, () => piecesReadable(pieces), { "content-type": "text/event-stream", ...headers });
  return { scope, body: () => sent, headers: () => sentHeaders };
}

/** A client for nock-backed tests: fixed clock (all latencies 0 unless a test passes its own), no retries. */
export function testClient(...options: readonly ClientOption[]): Client {
  return newClient(
    withBaseUrl(baseUrl),
    withApiKey("sk-test-key-123"),
    withClock(() => 0),
    withMaxRetries(0),
    ...options,
  );
}

/** A one-message streaming request. */
export function streamRequest(...options: readonly RequestOption[]): ChatCompletionRequest {
  return newChatCompletionStreamRequest("test-model", [newUserMessage("Hi")], ...options);
}

/** Opens a stream, failing the test if it does not open. */
export async function openOk(
  client: Client,
  ...options: readonly RequestOption[]
): Promise<ChatCompletionStream> {
  const opened = await client.chatCompletionStream(streamRequest(...options));
  return opened._unsafeUnwrap();
}

/** Reads a whole stream into an array. */
export async function drain(stream: AsyncIterable<CompletionChunk>): Promise<CompletionChunk[]> {
  const chunks: CompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}
