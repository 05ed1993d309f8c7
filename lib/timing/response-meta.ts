import type { AttemptRecord } from "../errors/attempt-record.ts";
import type { WireChatCompletion } from "../schema/chat-completion-schema.ts";
import type { WireModelList } from "../schema/model-list-schema.ts";
import type { CallTiming } from "./call-timing.ts";

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

/** A chat completion: the server's body plus {@link ResponseMeta}. A plain, serialisable object. */
export interface ChatCompletionResponse extends WireChatCompletion, ResponseMeta {}

/** The answer of `GET /models`, plus {@link ResponseMeta}. */
export interface ModelList extends WireModelList, ResponseMeta {}
