import type { ProviderPreset } from "./provider-preset.ts";

/**
 * xAI (`https://api.x.ai/v1`), key from `XAI_API_KEY` as a bearer token.
 * @example `newClient(withProvider(xai()))`
 */
export function xai(): ProviderPreset {
  return {
    name: "xai",
    baseUrl: "https://api.x.ai/v1",
    apiKeyEnv: "XAI_API_KEY",
    isApiKeyRequired: true,
    headers: {},
  };
}
