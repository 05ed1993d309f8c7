import type { ProviderPreset } from "./provider-preset.ts";

/**
 * Google Gemini through its OpenAI-compatible endpoint (`https://generativelanguage.googleapis.com/v1beta/openai`),
 * key from `GEMINI_API_KEY` as a bearer token.
 * @example `newClient(withProvider(gemini()))`
 */
export function gemini(): ProviderPreset {
  return {
    name: "gemini",
    baseUrl: "https://generativelanguage.googleapis.com/v1beta/openai",
    apiKeyEnv: "GEMINI_API_KEY",
    isApiKeyRequired: true,
    headers: {},
  };
}
