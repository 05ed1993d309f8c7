import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { AttemptRecord, Usage } from "../response/response-types.ts";

/** A piece of a tool call in a stream. Some providers leave out `index` or `type` (Mistral). */
export interface ToolCallDelta {
  readonly index?: number;
  readonly id?: string;
  readonly type?: "function";
  readonly function?: { readonly name?: string; readonly arguments?: string };
  readonly [field: string]: unknown;
}

/** What one chunk adds to a choice. Providers add fields (`reasoning_content`, `reasoning`) that are kept. */
export interface ChunkDelta {
  readonly role?: string;
  /** Text, `null`, or (Mistral's reasoning models) an array of content parts. */
  readonly content?: string | null | readonly unknown[];
  readonly refusal?: string | null;
  readonly tool_calls?: readonly ToolCallDelta[];
  readonly [field: string]: unknown;
}

/** One choice of a chunk. */
export interface ChunkChoice {
  readonly index: number;
  readonly delta: ChunkDelta;
  /** Set on the chunk that finishes the choice; values beyond the usual five are kept as sent. */
  readonly finish_reason?: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** A chunk as the server sent it: validated where chatwire reads it, every other field kept. */
export interface WireChunk {
  readonly id?: string;
  readonly object?: string;
  readonly created?: number;
  readonly model?: string;
  readonly choices: readonly ChunkChoice[];
  readonly usage?: Usage | null;
  readonly [field: string]: unknown;
}

/**
 * One chunk of a stream: the wire chunk plus what chatwire measured. A plain, serialisable object.
 */
export interface CompletionChunk extends WireChunk {
  /**
   * The gap, in milliseconds, between the arrival of this chunk's last byte and the previous chunk's (for
   * the first chunk: since the call started, i.e. the time to first chunk).
   */
  readonly chunkLatencyMs: number;
  /** From the call's start to the arrival of this chunk's last byte, in milliseconds. */
  readonly totalLatencyMs: number;
  /** True on exactly one chunk: the real last one of the stream, or the error chunk. */
  readonly isLastChunk: boolean;
  /** Why the stream failed, on the last chunk only, when it failed. */
  readonly error?: ChatwireError;
}

/**
 * A stream of chunks: iterate it with `for await`. It never throws, never rejects and always ends; leaving
 * the loop early cancels the request.
 */
export interface ChatCompletionStream extends AsyncIterable<CompletionChunk> {
  /** The request id the server sent in its headers, when it sent one. */
  readonly requestId?: string;
  /** From the call's start to the response headers, in milliseconds. */
  readonly headersLatencyMs: number;
  /** Every attempt made before the stream opened. */
  readonly attempts: readonly AttemptRecord[];
}
