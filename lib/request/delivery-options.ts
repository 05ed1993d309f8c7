import { type RequestOption, setBodyField } from "./chat-completion-request.ts";

/**
 * Marks the request as streaming (`stream: true`): `client.chatCompletion` then streams it under the hood
 * and returns the collected answer with the stream's timing (time to first token, gaps between chunks).
 * `chatCompletionStream` streams every request, marked or not.
 * @example `withStreaming()`
 */
export function withStreaming(): RequestOption {
  return (request) => setBodyField(request, "stream", true);
}

/**
 * Asks a streaming server for token usage in the stream (`stream_options: { include_usage: true }`);
 * it usually arrives in a last chunk with no choices.
 * @example `withStreamUsage()`
 */
export function withStreamUsage(): RequestOption {
  return (request) => setBodyField(request, "stream_options", { include_usage: true });
}

/**
 * Bounds this request's waits, in milliseconds: the whole of a non-streaming call (retries and back-off
 * included), the wait for the first response byte, and each gap between stream chunks. It overrides the
 * client's `withClientTimeout`, `withFirstByteTimeout` and `withIdleTimeout` for this request. Each timeout
 * ends the call with a `timeout` error saying which wait ran out (`total`, `first_byte`, `idle`).
 * @default the client's timeouts
 * @example `withTimeout(30_000)`
 */
export function withTimeout(timeoutMs: number): RequestOption {
  return (request) => ({ ...request, timeoutMs });
}

/**
 * Bounds this request's whole stream, in milliseconds, from the call's start to its last chunk; it
 * overrides the client's `withClientStreamTimeout`. When it runs out the stream ends with a last chunk carrying
 * a `timeout` error whose `timeout` is `"stream"`. A non-streaming call ignores it (`withTimeout` bounds it).
 * @default the client's `withClientStreamTimeout` (unset: no bound on the whole stream)
 * @example `withStreamTimeout(120_000)`
 */
export function withStreamTimeout(timeoutMs: number): RequestOption {
  return (request) => ({ ...request, streamTimeoutMs: timeoutMs });
}

/**
 * Sets how many times this request is retried after a retryable failure (408, 409, 429, 5xx, a network
 * error or first-byte timeout before any response byte), overriding the client's `withMaxRetries`. `0`
 * sends it once. Back-off and `Retry-After` follow the client's settings.
 * @default the client's `withMaxRetries` (2)
 * @example `withRetries(0)`
 */
export function withRetries(maxRetries: number): RequestOption {
  return (request) => ({ ...request, maxRetries });
}

/**
 * Adds vendor fields to the body, next to the standard ones (it adds: earlier extra fields stay unless
 * named again). The escape hatch for parameters chatwire has no option for.
 * @example `withExtraBody({ min_p: 0.05, chat_template_kwargs: { enable_thinking: false } })`
 */
export function withExtraBody(fields: Readonly<Record<string, unknown>>): RequestOption {
  return (request) => ({ ...request, body: { ...request.body, ...fields } });
}
