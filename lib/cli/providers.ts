import {
  anthropic,
  deepseek,
  fireworks,
  gemini,
  groq,
  llamaCpp,
  lmStudio,
  mistral,
  ollama,
  openai,
  openRouter,
  type ProviderPreset,
  tensorRtLlm,
  together,
  vllm,
  xai,
} from "../index.ts";

/** The presets `--provider` names, each with its default settings (`--base-url` points it elsewhere). */
export const providerPresets: Readonly<Record<string, () => ProviderPreset>> = {
  anthropic,
  deepseek,
  fireworks,
  gemini,
  groq,
  "llama-cpp": () => llamaCpp(),
  "lm-studio": () => lmStudio(),
  mistral,
  ollama: () => ollama(),
  openai: () => openai(),
  openrouter: () => openRouter(),
  "tensorrt-llm": () => tensorRtLlm(),
  together,
  vllm: () => vllm(),
  xai,
};

/** The presets that honour `ignore_eos: true`, so that every request generates `--output-tokens` tokens. */
export const ignoreEosProviders: ReadonlySet<string> = new Set(["vllm", "llama-cpp"]);
