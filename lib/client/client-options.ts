import type { Hooks, KyInstance } from "ky";
import { type Clock, guardedClock } from "../internal/clock.ts";
import { newSecret } from "../internal/secret.ts";
import { isModelName } from "../request/validate-request.ts";
import type { FetchFunction } from "../transport/transport-config.ts";
import type { ClientOption } from "./client-config.ts";

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
 * Uses a custom fetch: a proxy-aware one, a recorder, a test double. It becomes the `fetch` of chatwire's
 * ky instance, so ky's retries, timeouts and hooks still apply; it wins over a `withKy` instance's fetch.
 * @default the global `fetch` (looked up at each call, so a fetch patched later is used)
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
  // Not a function: kept as given, for the client to report on every call.
  return (config) => ({ ...config, clock: typeof clock === "function" ? guardedClock(clock) : clock });
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

/**
 * Sends through your own ky instance: its hooks, its fetch (a proxy-aware one, say) and its other options
 * stay; chatwire extends it with its own settings (base URL, headers and key, retries, timeouts, no
 * redirects), so those of the instance are replaced, not merged. `withFetch` and `withHooks` still apply
 * on top.
 * @default ky's default instance
 * @example
 * ```ts
 * const api = ky.create({ hooks: { beforeRequest: [({ request }) => request.headers.set("x-trace", traceId())] } });
 * const client = newClient(withBaseUrl("http://localhost:8080/v1"), withKy(api));
 * ```
 */
export function withKy(instance: KyInstance): ClientOption {
  return (config) => ({ ...config, ky: instance });
}

/**
 * Adds ky hooks to the client's ky instance (it adds: hooks given earlier, and a `withKy` instance's,
 * run first). They see every attempt: `beforeRequest` runs once per call before the first attempt,
 * `beforeRetry` before each retry, `afterResponse` after each response (an error response reaches it with
 * its status and headers, its body kept by chatwire for the error), `beforeError` before an HTTP, network
 * or timeout failure turns into a `ChatwireError`. A hook that throws ends the call with that failure.
 * @example
 * ```ts
 * newClient(withHooks({
 *   beforeRetry: [({ request, retryCount }) => console.log(`retry ${retryCount}: ${request.method} ${request.url}`)],
 * }));
 * ```
 */
export function withHooks(hooks: Hooks): ClientOption {
  return (config) => {
    const merged: Record<string, unknown[]> = { ...(config.hooks as Record<string, unknown[]> | undefined) };
    for (const [name, added] of Object.entries(hooks))
      merged[name] = [...(merged[name] ?? []), ...(added ?? [])];
    return { ...config, hooks: merged as Hooks };
  };
}

/**
 * Bounds a whole stream, in milliseconds, from the call's start (retries and the wait for the headers
 * included) to its last chunk. When it runs out the stream ends with a last chunk carrying a `timeout`
 * error whose `timeout` is `"stream"` (or, before the stream opened, the call returns that error). Idle
 * and first-byte timeouts still apply within it. A request's `withStreamTimeout` overrides it.
 * @default unset: a stream is bounded by its gaps ({@link withIdleTimeout}), not as a whole
 * @example `withClientStreamTimeout(120_000)`
 */
export function withClientStreamTimeout(timeoutMs: number): ClientOption {
  return (config) => ({ ...config, streamTimeoutMs: timeoutMs });
}
