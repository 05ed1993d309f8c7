import type { ProviderPreset } from "./provider-preset.ts";

/**
 * DeepSeek (`https://api.deepseek.com`, the base URL its docs recommend; `/v1` is an alias), key from
 * `DEEPSEEK_API_KEY`. Text completions (FIM, a beta) are served under `https://api.deepseek.com/beta`,
 * so `completion` calls go to `beta/completions`.
 * @example `newClient(withProvider(deepseek()))`
 */
export function deepseek(): ProviderPreset {
  return {
    name: "deepseek",
    baseUrl: "https://api.deepseek.com",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    isApiKeyRequired: true,
    headers: {},
    paths: { completions: () => "beta/completions" },
  };
}
