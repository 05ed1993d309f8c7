import { composeRules, onlyOneChoice } from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

/**
 * Anthropic through its OpenAI SDK compatibility layer (`https://api.anthropic.com/v1`), key from
 * `ANTHROPIC_API_KEY` as a bearer token. Anthropic documents that `n` must be exactly 1 (refused otherwise
 * before sending) and that it ignores several fields (`logprobs`, `response_format`, `seed`, penalties...),
 * which are sent anyway.
 * @example `newClient(withProvider(anthropic()))`
 */
export function anthropic(): ProviderPreset {
  return {
    name: "anthropic",
    baseUrl: "https://api.anthropic.com/v1",
    apiKeyEnv: "ANTHROPIC_API_KEY",
    isApiKeyRequired: true,
    headers: {},
    mapBody: composeRules(onlyOneChoice("Anthropic")),
  };
}
