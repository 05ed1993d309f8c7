import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  groq,
  mistral,
  newChatCompletionRequest,
  newClient,
  newUserMessage,
  openai,
  openRouter,
  type ProviderPreset,
  withApiKey,
  withMaxRetries,
  withProvider,
} from "../../lib/index.ts";
import { fixtureText } from "./support/preset-cases.ts";

interface ErrorCase {
  readonly name: string;
  readonly preset: ProviderPreset;
  readonly origin: string;
  readonly path: string;
  readonly status: number;
  readonly fixture: string;
  readonly expected: Record<string, unknown>;
}

const cases: readonly ErrorCase[] = [
  {
    name: "mistral 401 (bare {message, request_id})",
    preset: mistral(),
    origin: "https://api.mistral.ai",
    path: "/v1/chat/completions",
    status: 401,
    fixture: "responses/mistral/errors/401-no-api-key.json",
    expected: {
      serverMessage: "No API key found in request",
      requestId: "ab5386689131886ef950356f5333e057",
      retryable: false,
    },
  },
  {
    name: "groq 400 tool_use_failed",
    preset: groq(),
    origin: "https://api.groq.com",
    path: "/openai/v1/chat/completions",
    status: 400,
    fixture: "responses/groq/errors/400-tool-use-failed.json",
    expected: { code: "tool_use_failed", type: "invalid_request_error", retryable: false },
  },
  {
    name: "groq 404 model_not_found",
    preset: groq(),
    origin: "https://api.groq.com",
    path: "/openai/v1/chat/completions",
    status: 404,
    fixture: "responses/groq/errors/404-model-not-found.json",
    expected: {
      serverMessage: "The model `non-existent` does not exist or you do not have access to it.",
      code: "model_not_found",
      retryable: false,
    },
  },
  {
    name: "openrouter 429 (numeric code, the upstream's words in metadata.raw)",
    preset: openRouter(),
    origin: "https://openrouter.ai",
    path: "/api/v1/chat/completions",
    status: 429,
    fixture: "responses/openrouter/errors/429-provider-rate-limited.json",
    expected: {
      serverMessage:
        "Provider returned error: google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations",
      code: 429,
      retryable: true,
    },
  },
  {
    name: "openai 401 invalid_api_key",
    preset: openai(),
    origin: "https://api.openai.com",
    path: "/v1/chat/completions",
    status: 401,
    fixture: "responses/openai/errors/401-invalid-api-key.json",
    expected: { code: "invalid_api_key", type: "invalid_request_error", retryable: false },
  },
];

describe("recorded error bodies, through each provider's preset", () => {
  test.each(cases)("$name", async (item) => {
    const scope = nock(item.origin)
      .post(item.path)
      .reply(item.status, fixtureText(item.fixture), { "content-type": "application/json" });
    const client = newClient(withProvider(item.preset), withApiKey("sk-recorded-errors"), withMaxRetries(0));

    const error = (
      await client.chatCompletion(newChatCompletionRequest("m", [newUserMessage("Hi")]))
    )._unsafeUnwrapErr();

    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({ kind: "http", status: item.status, ...item.expected });
  });
});
