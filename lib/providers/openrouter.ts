import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the OpenRouter preset: its app attribution headers. */
export interface OpenRouterOptions {
  /** Your app's URL, sent as `HTTP-Referer` (OpenRouter's rankings and analytics key on it). */
  readonly appUrl?: string;
  /** Your app's name, sent as `X-Title`. */
  readonly appTitle?: string;
}

/**
 * OpenRouter (`https://openrouter.ai/api/v1`), key from `OPENROUTER_API_KEY`, with its optional app
 * attribution headers. Model names carry their vendor (`openai/gpt-4o-mini`): in a router, name them
 * `openrouter/openai/gpt-4o-mini`.
 * @example `newClient(withProvider(openRouter({ appUrl: "https://example.com", appTitle: "Example" })))`
 */
export function openRouter(options: OpenRouterOptions = {}): ProviderPreset {
  const { appUrl, appTitle } = options ?? {};
  return {
    name: "openrouter",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKeyEnv: "OPENROUTER_API_KEY",
    isApiKeyRequired: true,
    headers: {
      ...(appUrl === undefined ? {} : { "HTTP-Referer": appUrl }),
      ...(appTitle === undefined ? {} : { "X-Title": appTitle }),
    },
  };
}
