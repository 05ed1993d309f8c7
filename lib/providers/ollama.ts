import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the Ollama preset. */
export interface OllamaOptions {
  /** @default "http://localhost:11434/v1" */
  readonly baseUrl?: string;
}

/**
 * A local Ollama server's OpenAI-compatible API, by default `http://localhost:11434/v1`. A local Ollama
 * ignores the key, so none is read from the environment.
 * @example `newClient(withProvider(ollama()), withDefaultModel("llama3.2"))`
 */
export function ollama(options: OllamaOptions = {}): ProviderPreset {
  const { baseUrl } = options ?? {};
  return {
    name: "ollama",
    baseUrl: baseUrl ?? "http://localhost:11434/v1",
    apiKeyEnv: undefined,
    headers: {},
  };
}
