import type { Result } from "neverthrow";
import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { systemClock } from "../internal/clock.ts";
import type { PreparedBody } from "../providers/prepare-request.ts";
import type { ProviderEndpoint, ProviderPreset, WireBody } from "../providers/provider-preset.ts";
import type { TransportConfig } from "../transport/transport-config.ts";
import type { Client } from "./client.ts";

/**
 * Everything a client is configured with: the transport's settings plus the provider. Built by
 * {@link defaultClientConfig} and the client options.
 */
export interface ClientConfig extends Omit<TransportConfig, "apiKeyHeader" | "query"> {
  /** The provider preset applied with `withProvider`: key header and variable, paths, body mapping. */
  readonly provider?: ProviderPreset;
  /**
   * Completes a chat or text completion request before it is checked: `withDefaultModel` gives it the
   * client's model when its own is empty.
   * @internal
   */
  readonly completeRequest?: <R extends { readonly body: { readonly model: string } }>(request: R) => R;
  /**
   * Maps a checked chat or text completion body for the provider (`withProvider` sets it): the path it goes
   * to and the body sent, or an `invalid_request` error for what the provider refuses. Unset: OpenAI's
   * paths and the body as it is.
   * @internal
   */
  readonly prepareBody?: (
    endpoint: ProviderEndpoint,
    body: WireBody & { readonly model: string },
  ) => Result<PreparedBody, InvalidRequestError>;
  /**
   * Internal, for chatwire's own subpaths (`withTelemetry` from `chatwire/otel` adds one): wrappers of the
   * client `newClient` builds, applied in order, each given the final configuration. Unset: none, and
   * nothing is added to any call.
   * @internal
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
    clock: systemClock,
  };
}
