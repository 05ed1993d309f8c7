import { err, ok } from "neverthrow";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import {
  type BodyRule,
  composeRules,
  dropFields,
  onEndpoint,
  rejectFields,
  renameField,
} from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

const name = "Mistral";

// Mistral's seed (`random_seed`) has a minimum of 0 (its OpenAPI spec), where OpenAI's `seed` may be negative.
const seedAtLeastZero: BodyRule = (body) =>
  typeof body.seed === "number" && body.seed < 0
    ? err(newInvalidRequestError("seed", `must be ≥ 0 for ${name} (sent as random_seed), got ${body.seed}`))
    : ok(body);

// Mistral calls "a tool must be called" `any`.
const toolChoiceAny: BodyRule = (body) =>
  ok(body.tool_choice === "required" ? { ...body, tool_choice: "any" } : body);

/**
 * Mistral (`https://api.mistral.ai/v1`), key from `MISTRAL_API_KEY`. Its API refuses fields outside its
 * schema, so the preset maps: `seed` is sent as `random_seed`, `max_completion_tokens` as `max_tokens`,
 * tool choice `required` as `any`; `stream_options` is left out (Mistral streams end with usage anyway);
 * `logit_bias`, `logprobs`, `top_logprobs`, `user`, `top_k`, `min_p`, `repetition_penalty`, `guided_json`
 * and `chat_template_kwargs` are refused as `invalid_request`. `safe_prompt`, `prompt_mode` and
 * `random_seed` (`withSafePrompt`, `withPromptMode`, `withRandomSeed`) pass. Mistral has no
 * `/v1/completions` (its FIM endpoint is another API), so text completions are refused.
 * @example `newClient(withProvider(mistral()))`
 */
export function mistral(): ProviderPreset {
  return {
    name: "mistral",
    baseUrl: "https://api.mistral.ai/v1",
    apiKeyEnv: "MISTRAL_API_KEY",
    isApiKeyRequired: true,
    headers: {},
    paths: { completions: false },
    mapBody: composeRules(
      seedAtLeastZero,
      renameField("seed", "random_seed", name),
      renameField("max_completion_tokens", "max_tokens", name),
      onEndpoint("chat", toolChoiceAny),
      dropFields(["stream_options"]),
      rejectFields(
        [
          "logit_bias",
          "logprobs",
          "top_logprobs",
          "user",
          "top_k",
          "min_p",
          "repetition_penalty",
          "guided_json",
          "chat_template_kwargs",
        ],
        name,
        "its API refuses fields outside its schema",
      ),
    ),
  };
}
