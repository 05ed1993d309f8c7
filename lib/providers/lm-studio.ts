import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the LM Studio preset. */
export interface LmStudioOptions {
  /** @default "http://localhost:1234/v1" */
  readonly baseUrl?: string;
}

/**
 * LM Studio's local server (OpenAI-compatible endpoints), by default `http://localhost:1234/v1`, no key.
 * @example `newClient(withProvider(lmStudio()))`
 */
export function lmStudio(options: LmStudioOptions = {}): ProviderPreset {
  const { baseUrl } = options ?? {};
  return {
    name: "lm-studio",
    baseUrl: baseUrl ?? "http://localhost:1234/v1",
    apiKeyEnv: undefined,
    headers: {},
  };
}
