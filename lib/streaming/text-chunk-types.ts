import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { WireTextCompletion, WireTextCompletionChunk } from "../schema/text-completion-schemas.ts";
import type { ResponseMeta } from "../timing/response-meta.ts";
import type { ChunkStream } from "./chunk-types.ts";

/** A text completion: the server's body plus {@link ResponseMeta} (latency, request id, attempts). */
export interface TextCompletionResponse extends WireTextCompletion, ResponseMeta {}

/**
 * One chunk of a text completion stream: the wire chunk plus the same measurements as a chat chunk
 * (`chunkLatencyMs`, `totalLatencyMs`, `isLastChunk`, `error` on the last chunk of a failed stream; see
 * `CompletionChunk`).
 */
export interface TextCompletionChunk extends WireTextCompletionChunk {
  readonly chunkLatencyMs: number;
  readonly totalLatencyMs: number;
  readonly isLastChunk: boolean;
  readonly error?: ChatwireError;
}

/** A text completion stream: iterate it once with `for await`; it never throws and always ends. */
export interface TextCompletionStream extends ChunkStream<TextCompletionChunk> {}
