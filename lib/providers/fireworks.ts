import type { ProviderPreset } from "./provider-preset.ts";

/**
 * Fireworks AI (`https://api.fireworks.ai/inference/v1`), key from `FIREWORKS_API_KEY`. Models are named
 * `accounts/fireworks/models/<model>`.
 * @example `newClient(withProvider(fireworks()))`
 */
export function fireworks(): ProviderPreset {
  return {
    name: "fireworks",
    baseUrl: "https://api.fireworks.ai/inference/v1",
    apiKeyEnv: "FIREWORKS_API_KEY",
    isApiKeyRequired: true,
    headers: {},
  };
}
