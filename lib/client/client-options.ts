import { newSecret } from "../internal/secret.ts";
import { isModelName } from "../request/validate-request.ts";
import type { ClientOption, Clock, FetchFunction } from "./client-config.ts";

/**
 * Sets the API root, version path included, as in the official SDKs.
 * @default "https://api.openai.com/v1"
 * @example `withBaseUrl("http://localhost:8000/v1")`
 */
export function withBaseUrl(baseUrl: string): ClientOption {
  return (config) => ({ ...config, baseUrl });
}

/**
 * Sets the API key, sent as a bearer token. It never appears in an error, a log line or a serialised object.
 * @default the `OPENAI_API_KEY` environment variable, read when `newClient` is called
 * @example `withApiKey(process.env.MISTRAL_API_KEY ?? "")`
 */
export function withApiKey(apiKey: string): ClientOption {
  return (config) => ({ ...config, apiKey: newSecret(apiKey) });
}

/**
 * Adds headers sent with every request (it adds: earlier headers stay unless named again).
 * @example `withHeaders({ "OpenAI-Organization": "org-123" })`
 */
export function withHeaders(headers: Readonly<Record<string, string>>): ClientOption {
  return (config) => ({ ...config, headers: { ...config.headers, ...headers } });
}

/**
 * Bounds every wait of every call, in milliseconds: the whole of a non-streaming call (every attempt and
 * back-off included), and, unless set on their own, the wait for the first response byte
 * ({@link withFirstByteTimeout}) and each gap between body reads or stream chunks ({@link withIdleTimeout}).
 * A request's `withTimeout` overrides it. When it runs out the call ends with a `timeout` error whose
 * `timeout` field says which wait it was (`total`, `first_byte`, `idle`; equal waits report `total`).
 * @default 600_000 (10 minutes: model calls are long)
 * @example `withClientTimeout(60_000)`
 */
export function withClientTimeout(timeoutMs: number): ClientOption {
  return (config) => ({ ...config, timeoutMs });
}

/**
 * Uses a custom fetch: a proxy-aware one, a recorder, a test double.
 * @default the global `fetch`
 * @example `withFetch(replayTraffic(recording))`
 */
export function withFetch(fetch: FetchFunction): ClientOption {
  return (config) => ({ ...config, fetch });
}

/**
 * Uses a custom monotonic clock (milliseconds) for every latency figure; tests inject a fake one.
 * @default `performance.now`
 * @example `withClock(() => fakeNow)`
 */
export function withClock(clock: Clock): ClientOption {
  return (config) => ({ ...config, clock });
}

/**
 * Bounds the wait for a response's headers, in milliseconds, on every attempt; it is retried like a
 * network error. A non-streaming call is still bounded as a whole by {@link withClientTimeout}.
 * @default the client timeout ({@link withClientTimeout})
 * @example `withFirstByteTimeout(15_000)`
 */
export function withFirstByteTimeout(timeoutMs: number): ClientOption {
  return (config) => ({ ...config, firstByteTimeoutMs: timeoutMs });
}

/**
 * Bounds the silence between two reads of a body, in milliseconds: between stream chunks, or inside a
 * slow non-streaming body. A stream has no total timeout, so this is what stops a stalled one. Only the
 * time a read waits on the server counts: the time your code keeps a chunk (or waits before iterating)
 * does not.
 * @default the client timeout ({@link withClientTimeout})
 * @example `withIdleTimeout(30_000)`
 */
export function withIdleTimeout(timeoutMs: number): ClientOption {
  return (config) => ({ ...config, idleTimeoutMs: timeoutMs });
}

/**
 * Sets how many times a call is retried after a retryable failure: 408, 409, 429, 5xx, a network error
 * or a first-byte timeout before any response byte. Other 4xx are never retried, nor is a call once its
 * body has started. Waits follow the server's `retry-after-ms` / `Retry-After`, else an exponential
 * back-off with jitter (about 0.5 s, 1 s, 2 s… up to 8 s), both capped by {@link withMaxRetryDelay}. A
 * request's `withRetries` overrides it.
 * @default 2 (three attempts in all)
 * @example `withMaxRetries(0)`
 */
export function withMaxRetries(maxRetries: number): ClientOption {
  return (config) => ({ ...config, maxRetries });
}

/**
 * Caps the wait before a retry, in milliseconds. A server asking for a longer wait (`Retry-After`) is not
 * waited for: the error is returned at once, with `retryAfterMs` saying how long it asked for.
 * @default 60_000
 * @example `withMaxRetryDelay(10_000)`
 */
export function withMaxRetryDelay(maxRetryDelayMs: number): ClientOption {
  return (config) => ({ ...config, maxRetryDelayMs });
}

/**
 * Bounds the size of a non-streaming response body (and of the part of an error body kept), in bytes.
 * Past it the connection is closed and the call returns a `decode` error: memory stays bounded whatever
 * the server sends, compressed or not.
 * @default 16_777_216 (16 MiB)
 * @example `withMaxBodyBytes(1024 * 1024)`
 */
export function withMaxBodyBytes(maxBodyBytes: number): ClientOption {
  return (config) => ({ ...config, maxBodyBytes });
}

/**
 * Bounds the size of one server-sent event of a stream (its data lines together), in bytes. Past it the
 * connection is closed and the stream ends with an error chunk.
 * @default 4_194_304 (4 MiB)
 * @example `withMaxEventBytes(1024 * 1024)`
 */
export function withMaxEventBytes(maxEventBytes: number): ClientOption {
  return (config) => ({ ...config, maxEventBytes });
}

/**
 * Sets the model sent when a request's model is empty (`newChatCompletionRequest("", messages)`), for
 * clients configured with one model. A request that names a model keeps it; with no default, an empty
 * model is still `invalid_request`.
 * @example `newClient(withProvider(vllm()), withDefaultModel("Qwen/Qwen3-8B"))`
 */
export function withDefaultModel(model: string): ClientOption {
  return (config) => ({
    ...config,
    completeRequest: (request) =>
      isModelName(request.body.model) ? request : { ...request, body: { ...request.body, model } },
  });
}
