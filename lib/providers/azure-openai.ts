import { composeRules, rejectFields, vendorFields } from "./body-rules.ts";
import type { ProviderPreset } from "./provider-preset.ts";

/** Settings of the Azure OpenAI preset. */
export interface AzureOpenAiOptions {
  /** The resource endpoint: `https://<resource>.openai.azure.com`. */
  readonly endpoint: string;
  /** Sent as the `api-version` query parameter. @default "2024-10-21" (the GA data-plane version) */
  readonly apiVersion?: string;
  /** The deployment every request goes to. Unset: each request's model names its deployment. */
  readonly deployment?: string;
}

/**
 * Azure OpenAI: requests go to `<endpoint>/openai/deployments/<deployment>/chat/completions?api-version=…`
 * (and `…/completions`), the model list to `<endpoint>/openai/models?api-version=…`; the key, from
 * `AZURE_OPENAI_API_KEY`, is sent in the `api-key` header. Like OpenAI it rejects unknown request
 * arguments, so the vendor fields are refused before sending.
 * @example `newClient(withProvider(azureOpenAi({ endpoint: "https://acme.openai.azure.com", deployment: "gpt-4o" })))`
 */
export function azureOpenAi(options: AzureOpenAiOptions): ProviderPreset {
  const deploymentPath = (model: string): string =>
    `openai/deployments/${encodeURIComponent(options?.deployment ?? model)}`;
  return {
    name: "azure-openai",
    // From JavaScript the endpoint may be missing (an unset variable): the client then reports the base URL.
    baseUrl: String(options?.endpoint ?? "").replace(/\/+$/, ""),
    apiKeyEnv: "AZURE_OPENAI_API_KEY",
    isApiKeyRequired: true,
    apiKeyHeader: "api-key",
    headers: {},
    query: { "api-version": options?.apiVersion ?? "2024-10-21" },
    paths: {
      chat: (model) => `${deploymentPath(model)}/chat/completions`,
      completions: (model) => `${deploymentPath(model)}/completions`,
      models: "openai/models",
    },
    mapBody: composeRules(
      rejectFields(vendorFields, "Azure OpenAI", "it rejects unrecognized request arguments"),
    ),
  };
}
