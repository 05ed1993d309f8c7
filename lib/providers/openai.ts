import { composeRules, rejectFields, vendorFields } from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the OpenAI preset. */
export interface OpenAiOptions {
  /** Sent as `OpenAI-Organization`. */
  readonly organization?: string;
  /** Sent as `OpenAI-Project`. */
  readonly project?: string;
}

/**
 * OpenAI (`https://api.openai.com/v1`), key from `OPENAI_API_KEY` as a bearer token. OpenAI rejects
 * request arguments it does not know, so the vendor fields (`top_k`, `min_p`, `guided_json`...) are refused
 * as `invalid_request` before sending.
 * @example `newClient(withProvider(openai({ project: "proj_123" })))`
 */
export function openai(options: OpenAiOptions = {}): ProviderPreset {
  const { organization, project } = options ?? {};
  return {
    name: "openai",
    baseUrl: "https://api.openai.com/v1",
    apiKeyEnv: "OPENAI_API_KEY",
    isApiKeyRequired: true,
    headers: {
      ...(organization === undefined ? {} : { "OpenAI-Organization": organization }),
      ...(project === undefined ? {} : { "OpenAI-Project": project }),
    },
    mapBody: composeRules(rejectFields(vendorFields, "OpenAI", "it rejects unrecognized request arguments")),
  };
}
