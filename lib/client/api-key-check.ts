import type { InvalidRequestError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { type ClientConfig, defaultClientConfig } from "./client-config.ts";

/**
 * The problem of a client that has no API key where one is needed: a provider preset that requires one
 * (OpenAI, Mistral, Groq...), or no preset and the default OpenAI base URL. Local servers and a bare
 * `withBaseUrl` need none. Reported by every call, before any network call, naming the variable to set.
 */
export function missingApiKeyProblem(config: ClientConfig): InvalidRequestError | undefined {
  if (config.apiKey !== undefined) return undefined;
  const { provider } = config;
  const isRequired =
    provider === undefined
      ? config.baseUrl === defaultClientConfig().baseUrl
      : provider.isApiKeyRequired === true;
  if (!isRequired) return undefined;
  const variable = provider?.apiKeyEnv ?? "OPENAI_API_KEY";
  const who = provider === undefined ? "the OpenAI API" : provider.name;
  return newInvalidRequestError(
    "apiKey",
    `is missing: ${who} needs a key; set ${variable} or pass withApiKey(...) to newClient`,
  );
}
