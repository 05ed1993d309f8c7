import { composeRules, renameField } from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the llama.cpp preset. */
export interface LlamaCppOptions {
  /** @default "http://localhost:8080/v1" (`llama-server`'s default host and port) */
  readonly baseUrl?: string;
}

const name = "llama.cpp";

/**
 * A llama.cpp server (`llama-server`), by default `http://localhost:8080/v1`; the key, when the server was
 * started with one, from `LLAMA_API_KEY` (the variable `llama-server --api-key` reads). llama.cpp reads its
 * own names for two vendor fields, so `repetition_penalty` is sent as `repeat_penalty` (it ignores the
 * former) and `withGuidedJson` as `json_schema`. `top_k`, `min_p` and `chat_template_kwargs` are sent as
 * named.
 * @example `newClient(withProvider(llamaCpp()), withDefaultModel("qwen3"))`
 */
export function llamaCpp(options: LlamaCppOptions = {}): ProviderPreset {
  const { baseUrl } = options ?? {};
  return {
    name: "llama-cpp",
    baseUrl: baseUrl ?? "http://localhost:8080/v1",
    apiKeyEnv: "LLAMA_API_KEY",
    headers: {},
    mapBody: composeRules(
      renameField("repetition_penalty", "repeat_penalty", name),
      renameField("guided_json", "json_schema", name),
    ),
  };
}
