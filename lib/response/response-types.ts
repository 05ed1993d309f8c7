import type { ToolCall } from "../messages/messages.ts";
import type { CallTiming } from "../timing/call-timing.ts";

/** Token counts, as the server reports them; providers add fields (details, timings) that are kept. */
export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens?: number;
  readonly [field: string]: unknown;
}

/** The message of a non-streaming choice. Providers add fields (`reasoning_content`, `reasoning`) that are kept. */
export interface ResponseMessage {
  readonly role?: string;
  /** Text, `null`, or (Mistral's reasoning models) an array of content parts. */
  readonly content?: string | null | readonly unknown[];
  readonly refusal?: string | null;
  /** Tool calls; some providers (Mistral) leave out `type`. */
  readonly tool_calls?: readonly ResponseToolCall[];
  readonly [field: string]: unknown;
}

/** A tool call in a response, as sent: `type` may be missing. */
export type ResponseToolCall = Omit<ToolCall, "type"> & {
  readonly type?: "function";
  readonly [field: string]: unknown;
};

/** One choice of a non-streaming response. */
export interface ResponseChoice {
  readonly index: number;
  readonly message: ResponseMessage;
  /** Why generation stopped; servers send values beyond the usual five (`eos`), kept as sent. */
  readonly finish_reason: string | null;
  readonly logprobs?: unknown;
  readonly [field: string]: unknown;
}

/** What chatwire measured about one attempt of a call. */
export interface AttemptRecord {
  /** The HTTP status, when the attempt got a response. */
  readonly status?: number;
  /** The error kind, when the attempt failed. */
  readonly errorKind?: string;
  /** From the attempt's start to its response headers or failure, in milliseconds. */
  readonly durationMs: number;
  /** The wait before the next attempt, in milliseconds (0 for the last one). */
  readonly waitMs: number;
  /** Where that wait came from. */
  readonly waitSource?: "retry-after" | "backoff";
}

/** What chatwire adds to every successful response: how long it took and how it went. */
export interface ResponseMeta {
  /** From the call's start (before the first attempt) to the parsed body, in milliseconds, on the client's monotonic clock. */
  readonly latencyMs: number;
  /** The request id the server sent in its headers, when it sent one. */
  readonly requestId?: string;
  /** Every attempt made, in order; more than one when a failure was retried. */
  readonly attempts: readonly AttemptRecord[];
  /**
   * Where the time went: headers latency, total, attempts, and what the server reported about its queue,
   * prompt processing and decoding, with the split of the call's time between them. Plain data.
   */
  readonly timing: CallTiming;
}

/** A chat completion as the server sent it: validated where chatwire reads it, every other field kept. */
export interface WireChatCompletion {
  readonly id: string;
  readonly object?: string;
  readonly created?: number;
  readonly model: string;
  readonly choices: readonly ResponseChoice[];
  readonly usage?: Usage | null;
  readonly system_fingerprint?: string | null;
  readonly [field: string]: unknown;
}

/** A chat completion: the server's body plus {@link ResponseMeta}. A plain, serialisable object. */
export interface ChatCompletionResponse extends WireChatCompletion, ResponseMeta {}

/** One model the server offers. */
export interface Model {
  readonly id: string;
  readonly object?: string;
  readonly created?: number;
  readonly owned_by?: string;
  readonly [field: string]: unknown;
}

/** The answer of `GET /models`, as the server sent it. */
export interface WireModelList {
  readonly object?: string;
  readonly data: readonly Model[];
  readonly [field: string]: unknown;
}

/** The answer of `GET /models`, plus {@link ResponseMeta}. */
export interface ModelList extends WireModelList, ResponseMeta {}
