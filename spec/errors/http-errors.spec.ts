import { readdirSync, readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, test } from "vitest";
import { type HttpError, newChatCompletionRequest, newUserMessage } from "../../lib/index.ts";
import { apiOrigin, chatUrl, testClient } from "../client/nock-server.ts";

const responsesDir = new URL("../fixtures/responses/", import.meta.url);

/** Every recorded error body, as `provider/errors/<status>-case.ext`. */
const errorFiles = readdirSync(responsesDir, { recursive: true, encoding: "utf8" })
  .filter((file) => /\/errors\/\d{3}-[^/]+\.(json|txt)$/.test(file))
  .sort();

type Details = Pick<HttpError, "serverMessage" | "type" | "code" | "param" | "requestId">;

/** What each shape of error body must give: the server's own message, and its type, code and param. */
const expected: Readonly<Record<string, Details>> = {
  "groq/errors/400-tool-use-failed.json": {
    serverMessage:
      "Tool call validation failed: tool call validation failed: parameters for tool get_something_by_name did not match schema: errors: [missing properties: 'name', additionalProperties 'foo' not allowed]",
    type: "invalid_request_error",
    code: "tool_use_failed",
  },
  "groq/errors/404-model-not-found.json": {
    serverMessage: "The model `non-existent` does not exist or you do not have access to it.",
    type: "invalid_request_error",
    code: "model_not_found",
  },
  // TGI: a text/plain body.
  "hf-tgi/errors/422-missing-messages.txt": {
    serverMessage:
      "Failed to deserialize the JSON body into the target type: missing field `messages` at line 1 column 144",
  },
  // TGI: `error` is a string, the type is in `error_type`.
  "hf-tgi/errors/422-template-error.json": {
    serverMessage: "Template error: template not found",
    type: "template_error",
  },
  // vLLM's ErrorResponse: no wrapper, `object: "error"`, a numeric code, an empty type, a null param.
  "hyperbolic/errors/400-vllm-style-error.json": {
    serverMessage:
      "Only Qwen/Qwen2.5-72B-Instruct && meta-llama/Llama-3.2-3B-Instruct && FLUX.1-dev && mistralai/Pixtral-12B-2409 && StableDiffusion && Qwen/Qwen2-VL-72B-Instruct && meta-llama/Meta-Llama-3-70B-Instruct && meta-llama/Meta-Llama-3.1-70B-Instruct && meta-llama/Meta-Llama-3.1-8B-Instruct && Qwen/Qwen2.5-Coder-32B-Instruct && meta-llama/Meta-Llama-3.1-405B-FP8 && TTS && meta-llama/Meta-Llama-3.1-405B-Instruct && deepseek-ai/DeepSeek-R1-Zero && deepseek-ai/DeepSeek-V3 && Qwen/QwQ-32B-Preview && Qwen/Qwen2-VL-7B-Instruct && meta-llama/Llama-3.3-70B-Instruct && NousResearch/Hermes-3-Llama-3.1-70B && meta-llama/Meta-Llama-3.1-405B && meta-llama/Meta-Llama-3.1-405B-Instruct-Virtuals && deepseek-ai/DeepSeek-R1 allowed now, your model mistralai/Mixtral-8x7B-Instruct-v0.1",
    code: 40301,
  },
  // FastAPI / pydantic: `{detail: [{loc, msg}]}`.
  "hyperbolic/errors/422-fastapi-validation.json": {
    serverMessage: "body.messages: Field required",
  },
  // Mistral: bare `{message, request_id}`.
  "mistral/errors/401-no-api-key.json": {
    serverMessage: "No API key found in request",
    requestId: "ab5386689131886ef950356f5333e057",
  },
  "openai/errors/400-empty-messages.json": {
    serverMessage:
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    type: "invalid_request_error",
    code: "empty_array",
    param: "messages",
  },
  "openai/errors/400-missing-model.json": {
    serverMessage: "you must provide a model parameter",
    type: "invalid_request_error",
  },
  "openai/errors/400-unsupported-parameter.json": {
    serverMessage:
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    type: "invalid_request_error",
    code: "unsupported_parameter",
    param: "max_tokens",
  },
  "openai/errors/401-invalid-api-key.json": {
    serverMessage:
      "Incorrect API key provided: <not-a-r****key>. You can find your API key at https://platform.openai.com/account/api-keys.",
    type: "invalid_request_error",
    code: "invalid_api_key",
  },
  "openai/errors/404-model-not-found.json": {
    serverMessage: "The model `gpt-4.1-nano-wrong` does not exist or you do not have access to it.",
    type: "invalid_request_error",
    code: "model_not_found",
  },
  // OpenRouter: a numeric code, and the upstream provider's words in `metadata.raw`.
  "openrouter/errors/429-provider-rate-limited.json": {
    serverMessage:
      "Provider returned error: google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations",
    code: 429,
  },
};

const detailsOf = (error: HttpError): Details => {
  const out: Record<string, unknown> = {};
  for (const key of ["serverMessage", "type", "code", "param", "requestId"] as const) {
    if (key in error) out[key] = error[key];
  }
  return out as Details;
};

/** A string as a regular expression that matches it literally. */
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("every recorded error body gives an http error with the server's own words", () => {
  test("the table below covers every recorded error body", () => {
    expect(errorFiles.length).toBeGreaterThan(0);
    expect(errorFiles).toStrictEqual(Object.keys(expected).sort());
  });

  test.each(errorFiles)("%s", async (file) => {
    const status = Number(/\/(\d{3})-/.exec(file)?.[1]);
    const body = readFileSync(new URL(file, responsesDir), "utf8");
    const contentType = file.endsWith(".txt") ? "text/plain; charset=utf-8" : "application/json";
    // A retryable status is retried: the reply is served as often as asked, with no wait.
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(status, body, { "content-type": contentType, "retry-after": "0" })
      .persist();
    const result = await testClient().chatCompletion(
      newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]),
    );
    expect(scope.isDone()).toBe(true);
    nock.cleanAll();
    const error = result._unsafeUnwrapErr();
    if (error.kind !== "http") throw new Error(`expected an http error, got ${JSON.stringify(error)}`);
    const want = expected[file];
    expect(detailsOf(error)).toStrictEqual(want);
    expect(error.status).toBe(status);
    // A retried 429 says how many attempts were made, and over how long.
    const tries = error.attempts?.length ?? 0;
    const retried = tries > 1 ? ` \\(${tries} attempts over \\d+ ms\\)` : "";
    expect(error.message).toMatch(
      new RegExp(`^${escaped(`POST ${chatUrl} → ${status}: ${want?.serverMessage}`)}${retried}$`),
    );
    expect(error.body).toBe(body);
    expect(error.bodySnippet).toBe(body.length > 512 ? `${body.slice(0, 512)}…` : body);
    expect(error.retryable).toBe(status === 429);
  });
});

describe("bodies with no message of their own", () => {
  test.each<[string, string, string]>([
    ["an empty body", "", "text/plain"],
    ["an HTML page", "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"],
    ["a JSON object with no message", '{"ok":false}', "application/json"],
  ])("%s: the message names the method, URL and status", async (_name, body, contentType) => {
    const scope = nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(418, body, { "content-type": contentType });
    const error = (
      await testClient().chatCompletion(newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]))
    )._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({ kind: "http", status: 418, message: `POST ${chatUrl} → 418`, body });
    expect("serverMessage" in error).toBe(false);
  });
});

describe("shapes seen elsewhere", () => {
  test.each<[string, unknown, Record<string, unknown>]>([
    [
      "Google's OpenAI-compatible endpoint: the error object in a one-element array",
      [
        {
          error: {
            code: 400,
            message: "API key not valid. Please pass a valid API key.",
            status: "INVALID_ARGUMENT",
          },
        },
      ],
      { serverMessage: "API key not valid. Please pass a valid API key.", code: 400 },
    ],
    ["FastAPI with a string detail", { detail: "Not Found" }, { serverMessage: "Not Found" }],
    [
      "vLLM's newer wrapped shape with a numeric code",
      { error: { message: "max_tokens is too large", type: "BadRequestError", param: null, code: 400 } },
      { serverMessage: "max_tokens is too large", type: "BadRequestError", code: 400 },
    ],
  ])("%s", async (_name, body, details) => {
    const scope = nock(apiOrigin).post("/v1/chat/completions").reply(400, JSON.stringify(body));
    const error = (
      await testClient().chatCompletion(newChatCompletionRequest("gpt-4.1-nano", [newUserMessage("Hi")]))
    )._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    if (error.kind !== "http") throw new Error(`expected an http error, got ${JSON.stringify(error)}`);
    expect(detailsOf(error)).toStrictEqual(details);
    expect(error.message).toBe(`POST ${chatUrl} → 400: ${details.serverMessage}`);
  });
});
