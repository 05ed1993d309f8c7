import type { InvalidRequestError } from "../errors/chatwire-error.ts";

/**
 * chatwire's own per-request settings, shared by chat and text completion requests; never sent. Set them
 * with request options (`withTimeout`, `withRetries`, `withFallbackModels`).
 */
export interface RequestSettings {
  /** Per-request timeout in milliseconds; overrides the client's `withClientTimeout`. */
  readonly timeoutMs?: number;
  /** Per-request bound of a whole stream in milliseconds; overrides the client's `withClientStreamTimeout`. */
  readonly streamTimeoutMs?: number;
  /** Per-request retry count; overrides the client's `withMaxRetries`. */
  readonly maxRetries?: number;
  /** Problems an option found while building (say, a schema it could not convert); reported when sending. */
  readonly problems?: readonly InvalidRequestError[];
  /** `provider/model` names a router tries, in order, after this request's model fails (`withFallbackModels`). */
  readonly fallbackModels?: readonly string[];
}
