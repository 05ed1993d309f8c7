import { newSecret } from "../internal/secret.ts";
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
 * Bounds every wait of every call, in milliseconds: the whole of a non-streaming call, the wait for the
 * first response byte and each gap between stream chunks, unless a finer timeout is set.
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
