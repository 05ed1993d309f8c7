import type { WireTextCompletion, WireTextCompletionChunk } from "../schema/text-completion-schemas.ts";
import type { ResponseMeta } from "../timing/response-meta.ts";
import type { ChunkMeta, ChunkStream } from "./chunk-types.ts";

/** A text completion: the server's body plus {@link ResponseMeta} (latency, request id, attempts). */
export interface TextCompletionResponse extends WireTextCompletion, ResponseMeta {}

/** One chunk of a text completion stream: the wire chunk plus {@link ChunkMeta}, as a chat chunk has. */
export interface TextCompletionChunk extends WireTextCompletionChunk, ChunkMeta {}

/** A text completion stream: iterate it once with `for await`; it never throws and always ends. */
export interface TextCompletionStream extends ChunkStream<TextCompletionChunk> {}
