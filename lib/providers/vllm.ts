import { err, ok } from "neverthrow";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { type BodyRule, composeRules, without } from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the vLLM preset. */
export interface VllmOptions {
  /** @default "http://localhost:8000/v1" (`vllm serve`'s default port) */
  readonly baseUrl?: string;
  /** Send `withGuidedJson` as `guided_json`, for vLLM before 0.10.2 (which has no `structured_outputs`). */
  readonly legacyGuidedJson?: boolean;
}

// vLLM 0.10.2 replaced `guided_json` with `structured_outputs: { json }` and 0.12 removed the old field.
const guidedJsonAsStructuredOutputs: BodyRule = (body) => {
  if (body.guided_json === undefined) return ok(body);
  const earlier = body.structured_outputs;
  if (earlier !== undefined && (typeof earlier !== "object" || earlier === null || "json" in earlier)) {
    return err(newInvalidRequestError("guided_json", "and structured_outputs.json are both set; set one"));
  }
  const structured = { ...(earlier as Record<string, unknown> | undefined), json: body.guided_json };
  return ok({ ...without(body, "guided_json"), structured_outputs: structured });
};

/**
 * A vLLM server (`vllm serve`), by default `http://localhost:8000/v1`; the key, when the server was
 * started with one, from `VLLM_API_KEY` (the variable `vllm serve` itself reads). `top_k` (`-1` or `0`
 * turns it off), `min_p`, `repetition_penalty` and `chat_template_kwargs` are sent as named;
 * `withGuidedJson` is sent as `structured_outputs: { json }` unless `legacyGuidedJson` is set.
 * @example `newClient(withProvider(vllm({ baseUrl: "http://gpu-1:8000/v1" })), withDefaultModel("Qwen/Qwen3-8B"))`
 */
export function vllm(options: VllmOptions = {}): ProviderPreset {
  const { baseUrl, legacyGuidedJson } = options ?? {};
  return {
    name: "vllm",
    baseUrl: baseUrl ?? "http://localhost:8000/v1",
    apiKeyEnv: "VLLM_API_KEY",
    headers: {},
    ...(legacyGuidedJson === true ? {} : { mapBody: composeRules(guidedJsonAsStructuredOutputs) }),
  };
}
