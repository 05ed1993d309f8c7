import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { WireChunk } from "../schema/chunk-schema.ts";

/**
 * What chatwire adds to every chunk of a stream, chat or text completion: its arrival times, whether it is
 * the last one, and on a failed stream's last chunk, why.
 *
 * Times are taken on the client's clock (`withClock`) when the read that completed the chunk's event
 * resolved: chatwire keeps one read of the body in flight while you handle a chunk, so the time you spend
 * on a chunk does not delay the stamp of the next one, and chatwire's own decoding comes after the stamp.
 */
export interface ChunkMeta {
  /**
   * Milliseconds between the arrival of this chunk and the arrival of the previous one; for the first
   * chunk, since the call started (before the first attempt), i.e. the time to first chunk. Chunks whose
   * events completed in the same read share an arrival, so all but the first of them have `0`. Tail chunks
   * held back for `isLastChunk` keep their arrival time. On the error chunk: since the previous chunk's
   * arrival, until the failure was seen.
   */
  readonly chunkLatencyMs: number;
  /** Milliseconds from the call's start (before the first attempt) to this chunk's arrival. */
  readonly totalLatencyMs: number;
  /**
   * True on exactly one chunk: the real last one of the stream, or the error chunk. Chunks are handed over
   * as soon as their event has arrived, except the tail that arrives once every choice has its finish
   * reason (the finish chunk, usage chunks, OpenAI's `moderation` chunk): each of those waits for the next
   * event or the end of the stream. When `[DONE]` arrives before every choice finished, the last chunk is
   * an empty one (`choices: []`) stamped with the arrival of `[DONE]`.
   */
  readonly isLastChunk: boolean;
  /**
   * Why the stream failed, on the last chunk only, which then has `choices: []`: `http` for an error the
   * server sent in the stream, `network` for a dropped connection or a stream that ended before every
   * choice finished, `decode` for bytes that are not SSE or not a chunk and for an event over
   * `maxEventBytes`, `timeout` for an idle timeout, `aborted` for the caller's signal.
   */
  readonly error?: ChatwireError;
}

/** One chunk of a chat completion stream: the wire chunk plus {@link ChunkMeta}. A plain, serialisable object. */
export interface CompletionChunk extends WireChunk, ChunkMeta {}

/**
 * A stream of chunks of any kind (chat or text completion): iterate it once with `for await`. It never
 * throws, never rejects and always ends; leaving the loop early (or aborting the call's signal) cancels the
 * request and frees the connection.
 */
export interface ChunkStream<Chunk> extends AsyncIterable<Chunk> {
  /** The request id the server sent in its headers, when it sent one. */
  readonly requestId?: string;
  /** From the call's start (before the first attempt) to the response headers, in milliseconds. */
  readonly headersLatencyMs: number;
  /** Every attempt made before the stream opened. */
  readonly attempts: readonly AttemptRecord[];
}

/**
 * A stream of chat completion chunks (see {@link ChunkStream}).
 * Hint: `collectStream(stream)` assembles the whole response; `streamTiming(stream, chunks)` gives the
 * timing of the chunks handed over so far (time to first token, gaps, server figures).
 */
export interface ChatCompletionStream extends ChunkStream<CompletionChunk> {}
