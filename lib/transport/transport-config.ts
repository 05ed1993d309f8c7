import type { Hooks, KyInstance } from "ky";
import type { Clock } from "../internal/clock.ts";
import type { Secret } from "../internal/secret.ts";

/** A fetch function: the global one, or a custom one (a proxy agent, a recorder, a test double). */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What the transport needs of a client's configuration: where and how to send, and every bound. */
export interface TransportConfig {
  /** The API root, version path included. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never printed, serialised or put in an error. */
  readonly apiKey: Secret | undefined;
  /** Extra headers sent with every request. */
  readonly headers: Readonly<Record<string, string>>;
  /** Bounds a whole non-streaming call (retries included), and every wait not bounded on its own, in milliseconds. */
  readonly timeoutMs: number;
  /** Bounds the wait for response headers on each attempt, in milliseconds. Unset: `timeoutMs`. */
  readonly firstByteTimeoutMs: number | undefined;
  /** Bounds the gap between two body reads or stream chunks, in milliseconds. Unset: `timeoutMs`. */
  readonly idleTimeoutMs: number | undefined;
  /** Retries after a retryable failure (408, 409, 429, 5xx, network or first-byte timeout before any byte). */
  readonly maxRetries: number;
  /** The longest wait chatwire makes before a retry, in milliseconds; a longer `Retry-After` is not waited for. */
  readonly maxRetryDelayMs: number;
  /** The largest non-streaming response body read, in bytes; past it the connection is closed. */
  readonly maxBodyBytes: number;
  /** The largest single SSE event read, in bytes; past it the connection is closed. */
  readonly maxEventBytes: number;
  /** Bounds a whole stream from the call's start, in milliseconds. Unset: a stream is bounded by its gaps only. */
  readonly streamTimeoutMs?: number;
  /** The fetch ky sends through (`withFetch`). Unset: the `withKy` instance's, else the global `fetch`. */
  readonly fetch: FetchFunction | undefined;
  /** The user's ky instance that chatwire extends with its own settings (`withKy`). Unset: ky's default. */
  readonly ky?: KyInstance;
  /** ky hooks added to chatwire's instance (`withHooks`), after those of a `withKy` instance. */
  readonly hooks?: Hooks;
  readonly clock: Clock;
  /** The header that carries the key as is (a provider's, Azure: `api-key`); unset: `Authorization: Bearer`. */
  readonly apiKeyHeader?: string;
  /** Query parameters sent with every request (a provider's, Azure: `api-version`). */
  readonly query?: Readonly<Record<string, string>>;
  /**
   * Wraps the fetch of every attempt of every call: `withRateLimiter` gates it through its limiter.
   * @internal
   */
  readonly wrapFetch?: (fetch: FetchFunction) => FetchFunction;
}
