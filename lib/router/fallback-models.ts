import type { RequestOption } from "../request/chat-completion-request.ts";

/**
 * Names the models a router tries, in order, when this request's model fails with a retryable error
 * after its retries (a 408, 409, 429 or 5xx, a network error, a timeout; for a stream, a failure before
 * its first content). A non-retryable failure (another 4xx, a decode error, an abort) is returned at once.
 * Each name is `provider/model`, resolved like the request's own. Only a router reads it; replaces any
 * fallbacks set before.
 * @example `withFallbackModels("openai/gpt-4.1-nano", "local/qwen3-8b")`
 */
export function withFallbackModels(...models: readonly string[]): RequestOption {
  return (request) => ({ ...request, fallbackModels: models });
}
