import type { ChatCompletionStream, CompletionChunk } from "../streaming/chunk-types.ts";

/**
 * A stream that gives back chunks already read from another, with that stream's request id, header
 * latency and attempts: so that `collectStream` can assemble what a consumer has already iterated.
 */
export function replayChunks(
  source: ChatCompletionStream,
  chunks: readonly CompletionChunk[],
): ChatCompletionStream {
  return {
    ...(source.requestId === undefined ? {} : { requestId: source.requestId }),
    headersLatencyMs: source.headersLatencyMs,
    attempts: source.attempts,
    async *[Symbol.asyncIterator]() {
      yield* chunks;
    },
  };
}
