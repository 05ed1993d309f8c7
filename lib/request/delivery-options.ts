import { type RequestOption, withBodyField } from "./chat-completion-request.ts";

/**
 * Marks the request as streaming (`stream: true`). The method called still decides: `chatCompletion`
 * never streams and `chatCompletionStream` always does.
 * @example `withStreaming()`
 */
export function withStreaming(): RequestOption {
  return (request) => withBodyField(request, "stream", true);
}

/**
 * Asks a streaming server for token usage in the stream (`stream_options: { include_usage: true }`);
 * it usually arrives in a last chunk with no choices.
 * @example `withStreamUsage()`
 */
export function withStreamUsage(): RequestOption {
  return (request) => withBodyField(request, "stream_options", { include_usage: true });
}

/**
 * Bounds this request's waits, in milliseconds, overriding the client's `withClientTimeout`.
 * @example `withTimeout(30_000)`
 */
export function withTimeout(timeoutMs: number): RequestOption {
  return (request) => ({ ...request, timeoutMs });
}

/**
 * Adds vendor fields to the body, next to the standard ones (it adds: earlier extra fields stay unless
 * named again). The escape hatch for parameters chatwire has no option for.
 * @example `withExtraBody({ min_p: 0.05, chat_template_kwargs: { enable_thinking: false } })`
 */
export function withExtraBody(fields: Readonly<Record<string, unknown>>): RequestOption {
  return (request) => ({ ...request, body: { ...request.body, ...fields } });
}
