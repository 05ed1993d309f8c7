import type { ChatwireError } from "../errors/chatwire-error.ts";
import type { AttemptRecord, ResponseMeta, Usage } from "../response/response-types.ts";

/** One choice of a text completion, as sent. */
export interface TextCompletionChoice {
  readonly index: number;
  readonly text: string;
  /** Why generation stopped, kept as the server sent it (`stop`, `length`, `eos`...). */
  readonly finish_reason: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** The answer of `POST /completions`, as the server sent it: checked where chatwire reads it, every other field kept. */
export interface WireTextCompletion {
  readonly id: string;
  readonly object?: string;
  readonly created?: number;
  readonly model: string;
  readonly choices: readonly TextCompletionChoice[];
  readonly usage?: Usage | null;
  readonly [field: string]: unknown;
}

/** A text completion: the server's body plus {@link ResponseMeta} (latency, request id, attempts). */
export interface TextCompletionResponse extends WireTextCompletion, ResponseMeta {}

/** One choice of a text completion chunk. */
export interface TextCompletionChunkChoice {
  readonly index: number;
  /** The text this chunk adds. */
  readonly text?: string | null;
  readonly finish_reason?: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** A text completion chunk as the server sent it. */
export interface WireTextCompletionChunk {
  readonly id?: string;
  readonly object?: string;
  readonly created?: number;
  readonly model?: string;
  /** Always an array: a chunk sent without `choices` gets an empty one. */
  readonly choices: readonly TextCompletionChunkChoice[];
  readonly usage?: Usage | null;
  readonly [field: string]: unknown;
}

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
export interface TextCompletionStream extends AsyncIterable<TextCompletionChunk> {
  readonly requestId?: string;
  /** From the call's start (before the first attempt) to the response headers, in milliseconds. */
  readonly headersLatencyMs: number;
  /** Every attempt made before the stream opened. */
  readonly attempts: readonly AttemptRecord[];
}
