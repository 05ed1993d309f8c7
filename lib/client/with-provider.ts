import { prepareBody } from "../providers/prepare-request.ts";
import type { ProviderPreset } from "../providers/provider-preset.ts";
import type { ClientOption } from "./client-config.ts";

/**
 * Configures a client for a provider: its base URL, how its key is sent and which environment variable it
 * comes from, its headers, paths and request mapping. Options after it still apply (`withBaseUrl` points a
 * preset at another host; `withHeaders` adds headers).
 * @example `newClient(withProvider(mistral()), withMaxRetries(1))`
 */
export function withProvider(preset: ProviderPreset): ClientOption {
  return (config) => ({
    ...config,
    baseUrl: preset.baseUrl,
    headers: { ...config.headers, ...preset.headers },
    provider: preset,
    prepareBody: (endpoint, body) => prepareBody(preset, endpoint, body),
  });
}
