import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  azureOpenAi,
  deepseek,
  groq,
  newClient,
  newCompletionRequest,
  newFunctionTool,
  openai,
  withApiKey,
  withBaseUrl,
  withClock,
  withExtraBody,
  withFallbackModels,
  withLogprobs,
  withMaxRetries,
  withMaxTokens,
  withProvider,
  withRetries,
  withStop,
  withTemperature,
  withTimeout,
  withTools,
  withTopK,
} from "../../lib/index.ts";
import { capturedBody, refusedBeforeSending } from "../providers/support/capture.ts";

const origin = "https://completions.test";
const key = "sk-completions-test-01";
const client = newClient(withBaseUrl(`${origin}/v1`), withApiKey(key), withMaxRetries(0));

/** A text completion as OpenAI's legacy endpoint answers it. */
const answer = {
  id: "cmpl-8abc",
  object: "text_completion",
  created: 1_700_000_000,
  model: "gpt-3.5-turbo-instruct",
  choices: [{ text: " upon a time", index: 0, logprobs: null, finish_reason: "length" }],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
};

describe("newCompletionRequest", () => {
  test("takes the chat request options: sampling, delivery and routing settings", () => {
    const request = newCompletionRequest(
      "gpt-3.5-turbo-instruct",
      "Once",
      withMaxTokens(4),
      withTemperature(0),
      withStop("\n"),
      withTopK(20),
      withTimeout(5_000),
      withRetries(1),
      withFallbackModels("local/qwen"),
    );
    expect(request).toStrictEqual({
      body: {
        model: "gpt-3.5-turbo-instruct",
        prompt: "Once",
        max_tokens: 4,
        temperature: 0,
        stop: "\n",
        top_k: 20,
      },
      timeoutMs: 5_000,
      maxRetries: 1,
      fallbackModels: ["local/qwen"],
    });
  });

  test.each([
    ["withLogprobs(3)", withLogprobs(3), 3],
    ["withLogprobs()", withLogprobs(), 0],
  ])("%s is sent as the integer this endpoint takes", (_, option, logprobs) => {
    expect(newCompletionRequest("m", "Once", option).body).toStrictEqual({
      model: "m",
      prompt: "Once",
      logprobs,
    });
  });

  test("tool options make sending return invalid_request", async () => {
    const tool = newFunctionTool({ name: "f", parameters: { type: "object" } });
    const error = await refusedBeforeSending(() =>
      client.completion(newCompletionRequest("m", "Once", withTools([tool]))),
    );
    expect(error).toStrictEqual({
      kind: "invalid_request",
      message: "invalid request: tools is a chat completion field; text completions have no tools",
      field: "tools",
      retryable: false,
    });
  });
});

describe("client.completion", () => {
  test("POSTs the body to /completions and returns the answer with latency and attempts", async () => {
    let now = 1_000;
    const timed = newClient(
      withBaseUrl(`${origin}/v1`),
      withApiKey(key),
      withMaxRetries(0),
      withClock(() => now),
    );
    let sent: unknown;
    const scope = nock(origin)
      .post("/v1/completions", (body) => {
        sent = body;
        return true;
      })
      .matchHeader("authorization", `Bearer ${key}`)
      .matchHeader("accept", "application/json")
      .reply(() => {
        now += 40;
        return [200, answer, { "x-request-id": "req_cmpl_1" }];
      });

    const result = await timed.completion(
      newCompletionRequest("gpt-3.5-turbo-instruct", "Once", withMaxTokens(4)),
    );

    expect(scope.isDone()).toBe(true);
    expect(sent).toStrictEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Once", max_tokens: 4 });
    const { timing: _timing, attempts, ...response } = result._unsafeUnwrap();
    expect(response).toStrictEqual({ ...answer, latencyMs: 40, requestId: "req_cmpl_1" });
    expect(attempts).toStrictEqual([{ status: 200, durationMs: 40, waitMs: 0 }]);
  });

  test("sends several prompts and token-id prompts as they are", async () => {
    const texts = await capturedBody(
      origin,
      "/v1/completions",
      () => client.completion(newCompletionRequest("m", ["a", "b"])),
      answer,
    );
    expect(texts).toStrictEqual({ model: "m", prompt: ["a", "b"] });
    const tokens = await capturedBody(
      origin,
      "/v1/completions",
      () => client.completion(newCompletionRequest("m", [[1, 2], [3]])),
      answer,
    );
    expect(tokens).toStrictEqual({ model: "m", prompt: [[1, 2], [3]] });
  });

  test.each([
    ["an empty prompt list", newCompletionRequest("m", []), "prompt"],
    ["a temperature above 2", newCompletionRequest("m", "Once", withTemperature(3)), "temperature"],
    ["an empty model", newCompletionRequest(" ", "Once"), "model"],
  ])("refuses %s before any network call", async (_, request, field) => {
    const error = await refusedBeforeSending(() => client.completion(request));
    expect(error).toMatchObject({ kind: "invalid_request", field });
  });

  test("an error status is an http error with the server's message", async () => {
    const scope = nock(origin)
      .post("/v1/completions")
      .reply(404, {
        error: {
          message: "The model `nope` does not exist",
          type: "invalid_request_error",
          code: "model_not_found",
        },
      });
    const error = (await client.completion(newCompletionRequest("nope", "Once")))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({
      kind: "http",
      status: 404,
      message: `POST ${origin}/v1/completions → 404: The model \`nope\` does not exist`,
      code: "model_not_found",
      retryable: false,
    });
  });

  test("a body that is not a text completion is a decode error naming the field", async () => {
    const scope = nock(origin)
      .post("/v1/completions")
      .reply(200, {
        id: "x",
        model: "m",
        choices: [{ index: 0, message: { content: "chat shape" }, finish_reason: "stop" }],
      });
    const error = (await client.completion(newCompletionRequest("m", "Once")))._unsafeUnwrapErr();
    expect(scope.isDone()).toBe(true);
    expect(error).toMatchObject({ kind: "decode", field: "choices.0.text" });
  });
});

describe("text completions through presets", () => {
  test("openai: /v1/completions", async () => {
    const preset = newClient(withProvider(openai()), withApiKey(key), withMaxRetries(0));
    const body = await capturedBody(
      "https://api.openai.com",
      "/v1/completions",
      () => preset.completion(newCompletionRequest("gpt-3.5-turbo-instruct", "Once")),
      answer,
    );
    expect(body).toStrictEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Once" });
  });

  test("deepseek: FIM under /beta/completions", async () => {
    const preset = newClient(withProvider(deepseek()), withApiKey(key), withMaxRetries(0));
    const scope = nock("https://api.deepseek.com")
      .post("/beta/completions", { model: "deepseek-chat", prompt: "def add(a, b):", suffix: "return c" })
      .reply(200, answer);
    const request = newCompletionRequest(
      "deepseek-chat",
      "def add(a, b):",
      withExtraBody({ suffix: "return c" }),
    );
    expect((await preset.completion(request)).isOk()).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  test("azure-openai: the deployment's /completions with api-version and the api-key header", async () => {
    const preset = newClient(
      withProvider(azureOpenAi({ endpoint: "https://acme.openai.azure.com", deployment: "instruct" })),
      withApiKey(key),
      withMaxRetries(0),
    );
    const scope = nock("https://acme.openai.azure.com", { badheaders: ["authorization"] })
      .post("/openai/deployments/instruct/completions")
      .query({ "api-version": "2024-10-21" })
      .matchHeader("api-key", key)
      .reply(200, answer);
    expect((await preset.completion(newCompletionRequest("gpt-35-turbo-instruct", "Once"))).isOk()).toBe(
      true,
    );
    expect(scope.isDone()).toBe(true);
  });

  test("groq: refused, it has no text completions", async () => {
    const preset = newClient(withProvider(groq()), withBaseUrl(`${origin}/v1`), withApiKey(key));
    const error = await refusedBeforeSending(() => preset.completion(newCompletionRequest("m", "Once")));
    expect(error).toStrictEqual({
      kind: "invalid_request",
      message: "invalid request: completions are not offered by groq; use chatCompletion",
      field: "completions",
      retryable: false,
    });
  });
});
