import { err, ok } from "neverthrow";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { type BodyRule, composeRules, onlyOneChoice, rejectFields } from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

const noMessageNames: BodyRule = (body) => {
  const messages = Array.isArray(body.messages) ? (body.messages as readonly unknown[]) : [];
  const index = messages.findIndex(
    (message) => typeof message === "object" && message !== null && "name" in message,
  );
  return index < 0
    ? ok(body)
    : err(
        newInvalidRequestError(
          `messages.${index}.name`,
          "is not accepted by Groq (it answers 400); remove it",
        ),
      );
};

/**
 * Groq (`https://api.groq.com/openai/v1`), key from `GROQ_API_KEY`. Groq documents that `logprobs`,
 * `logit_bias`, `top_logprobs` and `messages[].name` make it answer 400 and that `n` must be 1: those are
 * refused as `invalid_request` before sending. Groq has no text completions endpoint.
 * @example `newClient(withProvider(groq()))`
 */
export function groq(): ProviderPreset {
  return {
    name: "groq",
    baseUrl: "https://api.groq.com/openai/v1",
    apiKeyEnv: "GROQ_API_KEY",
    isApiKeyRequired: true,
    headers: {},
    paths: { completions: false },
    mapBody: composeRules(
      rejectFields(["logprobs", "logit_bias", "top_logprobs"], "Groq", "it answers 400"),
      noMessageNames,
      onlyOneChoice("Groq"),
    ),
  };
}
