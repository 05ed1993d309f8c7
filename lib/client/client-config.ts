import type { Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import type { Secret } from "../internal/secret.ts";
import type { PreparedBody } from "../providers/prepare-request.ts";
import type { ProviderEndpoint, ProviderPreset, WireBody } from "../providers/provider-preset.ts";
import type { SendRequest } from "../transport/http-reply.ts";
import type { Client } from "./new-client.ts";

/** A monotonic clock in milliseconds, such as `performance.now`. */
export type Clock = () => number;

/** A fetch function: the global one, or a custom one (a proxy agent, a recorder, a test double). */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Everything a client is configured with. Built by {@link defaultClientConfig} and the client options. */
export interface ClientConfig {
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
  readonly fetch: FetchFunction | undefined;
  readonly clock: Clock;
  /** The provider preset applied with `withProvider`: key header and variable, paths, body mapping. */
  readonly provider?: ProviderPreset;
  /**
   * Completes a chat or text completion request before it is checked: `withDefaultModel` gives it the
   * client's model when its own is empty.
   */
  readonly completeRequest?: <R extends { readonly body: { readonly model: string } }>(request: R) => R;
  /**
   * Maps a checked chat or text completion body for the provider (`withProvider` sets it): the path it goes
   * to and the body sent, or an `invalid_request` error for what the provider refuses. Unset: OpenAI's
   * paths and the body as it is.
   */
  readonly prepareBody?: (
    endpoint: ProviderEndpoint,
    body: WireBody & { readonly model: string },
  ) => Result<PreparedBody, InvalidRequestError>;
  /** Wraps the sending of every attempt of every call: `withRateLimiter` gates it through its limiter. */
  readonly wrapSend?: (send: SendRequest) => SendRequest;
  /**
   * Internal, for chatwire's own subpaths (`withTelemetry` from `chatwire/otel` adds one): wrappers of the
   * client `newClient` builds, applied in order, each given the final configuration. Unset: none, and
   * nothing is added to any call.
   */
  readonly decorate?: readonly ((client: Client, config: ClientConfig) => Client)[];
}

/** A client option: a pure function from one configuration to a new one. */
export type ClientOption = (config: ClientConfig) => ClientConfig;

/** The defaults, in one place. The API key comes from `OPENAI_API_KEY` when `newClient` is called. */
export function defaultClientConfig(): ClientConfig {
  return {
    baseUrl: "https://api.openai.com/v1",
    apiKey: undefined,
    headers: {},
    timeoutMs: 600_000,
    firstByteTimeoutMs: undefined,
    idleTimeoutMs: undefined,
    maxRetries: 2,
    maxRetryDelayMs: 60_000,
    maxBodyBytes: 16 * 1024 * 1024,
    maxEventBytes: 4 * 1024 * 1024,
    fetch: undefined,
    clock: () => performance.now(),
  };
}
