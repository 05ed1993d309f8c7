import { err, ok } from "neverthrow";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { type BodyRule, composeRules, onEndpoint, rejectFields, without } from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the TensorRT-LLM preset. */
export interface TensorRtLlmOptions {
  /** @default "http://localhost:8000/v1" (`trtllm-serve`'s default host and port) */
  readonly baseUrl?: string;
}

const name = "TensorRT-LLM";

// trtllm-serve has no `guided_json`: JSON-schema decoding is its response format `{ type: "json", schema }`.
const guidedJsonAsResponseFormat: BodyRule = (body) => {
  if (body.guided_json === undefined) return ok(body);
  if (body.response_format !== undefined) {
    return err(newInvalidRequestError("guided_json", `and response_format are both set; ${name} takes one`));
  }
  return ok({ ...without(body, "guided_json"), response_format: { type: "json", schema: body.guided_json } });
};

// Its tool choice accepts `none`, `auto`, `required` or a named function: Mistral's `any` means `required`.
const toolChoiceRequired: BodyRule = (body) =>
  ok(body.tool_choice === "any" ? { ...body, tool_choice: "required" } : body);

/**
 * A TensorRT-LLM server (`trtllm-serve`), by default `http://localhost:8000/v1`, no key. Its request models
 * forbid unknown fields, so the preset maps what it can: `withGuidedJson` is sent as
 * `response_format: { type: "json", schema }`, tool choice `any` as `required`; Mistral's `prompt_mode`,
 * `safe_prompt` and `random_seed` are refused, and so is `suffix` on text completions (it answers
 * "suffix is not supported"). `top_k`, `min_p`, `repetition_penalty` and `chat_template_kwargs` are sent as
 * named.
 * @example `newClient(withProvider(tensorRtLlm()), withDefaultModel("TinyLlama-1.1B-Chat-v1.0"))`
 */
export function tensorRtLlm(options: TensorRtLlmOptions = {}): ProviderPreset {
  const { baseUrl } = options ?? {};
  return {
    name: "tensorrt-llm",
    baseUrl: baseUrl ?? "http://localhost:8000/v1",
    apiKeyEnv: undefined,
    headers: {},
    mapBody: composeRules(
      guidedJsonAsResponseFormat,
      onEndpoint("chat", toolChoiceRequired),
      rejectFields(["prompt_mode", "safe_prompt", "random_seed"], name, "it refuses unknown fields"),
      onEndpoint("completions", rejectFields(["suffix"], name, "it does not support suffix")),
    ),
  };
}
