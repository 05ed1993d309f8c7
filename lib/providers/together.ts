import type { ProviderPreset } from "./provider-preset.ts";

/**
 * Together AI (`https://api.together.xyz/v1`), key from `TOGETHER_API_KEY`. Its sampling extras
 * (`top_k`, `min_p`, `repetition_penalty`) are sent as named.
 * @example `newClient(withProvider(together()))`
 */
export function together(): ProviderPreset {
  return {
    name: "together",
    baseUrl: "https://api.together.xyz/v1",
    apiKeyEnv: "TOGETHER_API_KEY",
    isApiKeyRequired: true,
    headers: {},
  };
}
