// Shared by the streaming reliability specs: the streaming request, the chunks a good stream yields, and a
// bounded way to read a stream to its end.
import { expect } from "vitest";
import {
  type ChatCompletionRequest,
  type ChatCompletionStream,
  type ChatwireError,
  type Client,
  type CompletionChunk,
  newChatCompletionStreamRequest,
  newUserMessage,
} from "../../lib/index.ts";
import { hostileStreamChunks } from "../support/hostile-server.ts";

/** A streaming request to the hostile model. */
export const hostileStreamRequest: ChatCompletionRequest = newChatCompletionStreamRequest("hostile-model", [
  newUserMessage("Say hello."),
]);

/**
 * The chunks the hostile server's valid stream yields on a client whose clock always reads 0: the wire
 * chunks, the last one flagged.
 */
export const okChunks: readonly CompletionChunk[] = hostileStreamChunks.map(
  (chunk, index): CompletionChunk => ({
    ...(chunk as CompletionChunk),
    chunkLatencyMs: 0,
    totalLatencyMs: 0,
    isLastChunk: index === hostileStreamChunks.length - 1,
  }),
);

/** The last chunk of a failed stream, on a client whose clock always reads 0. */
export function errorChunk(error: ChatwireError | Record<string, unknown>): CompletionChunk {
  return {
    choices: [],
    chunkLatencyMs: 0,
    totalLatencyMs: 0,
    isLastChunk: true,
    error: error as ChatwireError,
  };
}

/** Reads a stream to its end, at most `maxChunks` chunks; fails the test past that. */
export async function readStream(
  stream: ChatCompletionStream,
  maxChunks = 1_000,
): Promise<CompletionChunk[]> {
  const chunks: CompletionChunk[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    if (chunks.length > maxChunks) throw new Error(`the stream gave more than ${maxChunks} chunks`);
  }
  return chunks;
}

/** Opens a stream that must open, and reads it to its end. */
export async function streamChunks(client: Client, signal?: AbortSignal): Promise<CompletionChunk[]> {
  const opened = await client.chatCompletionStream(
    hostileStreamRequest,
    signal === undefined ? {} : { signal },
  );
  return readStream(opened._unsafeUnwrap());
}

/** Checks the rule every stream keeps: exactly one chunk is flagged last, and it is the last one. */
export function expectOneLastChunk(chunks: readonly CompletionChunk[]): void {
  expect(chunks.map((chunk) => chunk.isLastChunk)).toStrictEqual(
    chunks.map((_, index) => index === chunks.length - 1),
  );
  expect(chunks.length).toBeGreaterThan(0);
}
