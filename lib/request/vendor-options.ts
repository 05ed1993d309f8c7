import { type RequestOption, setBodyField } from "./chat-completion-request.ts";
import type { JsonSchema } from "./wire-types.ts";

/**
 * Samples from the `topK` likeliest tokens only, sent as `top_k` (vLLM, TensorRT-LLM, llama.cpp, Together,
 * Fireworks, OpenRouter). An integer; `0` (and `-1` on vLLM) turns it off. `0` is sent, not dropped.
 * Hint: presets of servers that reject it (OpenAI, Azure, Mistral) make sending return `invalid_request`.
 * @example `withTopK(40)`
 */
export function withTopK(topK: number): RequestOption {
  return (request) => setBodyField(request, "top_k", topK);
}

/**
 * Drops tokens less likely than `minP` times the likeliest one, sent as `min_p`, from 0 to 1.
 * @example `withMinP(0.05)`
 */
export function withMinP(minP: number): RequestOption {
  return (request) => setBodyField(request, "min_p", minP);
}

/**
 * Penalises tokens already generated (1 is neutral, above 1 discourages repeats; must be > 0), sent as
 * `repetition_penalty`; the llama.cpp preset sends it as `repeat_penalty`, the name that server reads.
 * @example `withRepetitionPenalty(1.1)`
 */
export function withRepetitionPenalty(penalty: number): RequestOption {
  return (request) => setBodyField(request, "repetition_penalty", penalty);
}

/**
 * Constrains the output to JSON matching a schema, sent as `guided_json` (older vLLM). The vLLM preset
 * sends it as `structured_outputs: { json }` (vLLM 0.12 removed `guided_json`), the TensorRT-LLM preset as
 * `response_format: { type: "json", schema }`, the llama.cpp preset as `json_schema`.
 * Hint: `withResponseJsonSchema` is the portable way where the server supports OpenAI's response formats.
 * @example `withGuidedJson({ type: "object", properties: { name: { type: "string" } } })`
 */
export function withGuidedJson(schema: JsonSchema): RequestOption {
  return (request) => setBodyField(request, "guided_json", schema);
}

/**
 * Passes keyword arguments to the server's chat template, sent as `chat_template_kwargs` (vLLM,
 * TensorRT-LLM, llama.cpp). It adds: earlier keys stay unless named again.
 * @example `withChatTemplateKwargs({ enable_thinking: false })`
 */
export function withChatTemplateKwargs(kwargs: Readonly<Record<string, unknown>>): RequestOption {
  return (request) => {
    const earlier = request.body.chat_template_kwargs;
    const base = typeof earlier === "object" && earlier !== null ? (earlier as Record<string, unknown>) : {};
    return setBodyField(request, "chat_template_kwargs", { ...base, ...kwargs });
  };
}

/**
 * Selects Mistral's prompt mode, sent as `prompt_mode`: `"reasoning"` uses the system prompt of its
 * reasoning models.
 * @example `withPromptMode("reasoning")`
 */
export function withPromptMode(mode: "reasoning"): RequestOption {
  return (request) => setBodyField(request, "prompt_mode", mode);
}

/**
 * Asks Mistral to inject its safety prompt before the conversation, sent as `safe_prompt`. `false` is
 * sent, not dropped.
 * @default true when called without an argument
 * @example `withSafePrompt()`
 */
export function withSafePrompt(safePrompt = true): RequestOption {
  return (request) => setBodyField(request, "safe_prompt", safePrompt);
}

/**
 * Sets Mistral's sampling seed, sent as `random_seed` (an integer ≥ 0). The Mistral preset also sends
 * `withSeed` under this name.
 * @example `withRandomSeed(42)`
 */
export function withRandomSeed(seed: number): RequestOption {
  return (request) => setBodyField(request, "random_seed", seed);
}
