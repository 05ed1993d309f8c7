import { describe, expect, test } from "vitest";
import {
  anthropic,
  azureOpenAi,
  type ChatMessage,
  type ClientOption,
  groq,
  llamaCpp,
  mistral,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newClient,
  newCompletionRequest,
  newFunctionTool,
  newUserMessage,
  openai,
  type ProviderPreset,
  type RequestOption,
  tensorRtLlm,
  vllm,
  withApiKey,
  withBaseUrl,
  withChatTemplateKwargs,
  withExtraBody,
  withGuidedJson,
  withLogitBias,
  withLogprobs,
  withMaxCompletionTokens,
  withMaxRetries,
  withMaxTokens,
  withMinP,
  withN,
  withPromptMode,
  withProvider,
  withRandomSeed,
  withRepetitionPenalty,
  withResponseJsonObjectFormat,
  withSafePrompt,
  withSeed,
  withStreamUsage,
  withTemperature,
  withToolChoice,
  withTools,
  withTopK,
} from "../../lib/index.ts";
import { capturedBody, refusedBeforeSending } from "./support/capture.ts";
import { llamaServerExchange } from "./support/preset-cases.ts";

const origin = "https://mapped.test";
const hi = [newUserMessage("Hi")];

/** A client with a preset, pointed at the test host (the mapping stays the preset's). */
const clientFor = (preset: ProviderPreset, ...options: readonly ClientOption[]) =>
  newClient(
    withProvider(preset),
    withBaseUrl(`${origin}/v1`),
    withApiKey("sk-mapping-test"),
    withMaxRetries(0),
    ...options,
  );

/** The body a preset sends for a chat request built with the given options. */
function sentChat(preset: ProviderPreset, ...options: readonly RequestOption[]): Promise<unknown> {
  const client = clientFor(preset);
  return capturedBody(origin, "/v1/chat/completions", () =>
    client.chatCompletion(newChatCompletionRequest("m", hi, ...options)),
  );
}

/** The error a preset returns, before any network call, for a chat request built with the given options. */
function refusedChat(preset: ProviderPreset, ...options: readonly RequestOption[]) {
  const client = clientFor(preset);
  return refusedBeforeSending(() => client.chatCompletion(newChatCompletionRequest("m", hi, ...options)));
}

const weather = newFunctionTool({
  name: "get_weather",
  description: "Weather of a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
});

describe("mistral", () => {
  test("sends seed as random_seed, max_completion_tokens as max_tokens, tool choice required as any", async () => {
    const body = await sentChat(
      mistral(),
      withSeed(7),
      withMaxCompletionTokens(100),
      withTools([weather]),
      withToolChoice("required"),
    );
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      random_seed: 7,
      max_tokens: 100,
      tools: [weather].map(({ type, function: fn }) => ({ type, function: fn })),
      tool_choice: "any",
    });
  });

  test("sends safe_prompt, prompt_mode and random_seed as set, false included", async () => {
    const body = await sentChat(
      mistral(),
      withSafePrompt(false),
      withPromptMode("reasoning"),
      withRandomSeed(0),
    );
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      safe_prompt: false,
      prompt_mode: "reasoning",
      random_seed: 0,
    });
  });

  test("leaves stream_options out of a stream (Mistral's schema has none; its streams end with usage)", async () => {
    const client = clientFor(mistral());
    const body = await capturedBody(
      origin,
      "/v1/chat/completions",
      () => client.chatCompletionStream(newChatCompletionStreamRequest("m", hi, withStreamUsage())),
      'data: {"id":"x","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
      { "content-type": "text/event-stream" },
    );
    expect(body).toStrictEqual({ model: "m", messages: [{ role: "user", content: "Hi" }], stream: true });
  });

  test.each<[string, RequestOption, string]>([
    ["withTopK", withTopK(40), "top_k"],
    ["withMinP", withMinP(0.1), "min_p"],
    ["withRepetitionPenalty", withRepetitionPenalty(1.1), "repetition_penalty"],
    ["withGuidedJson", withGuidedJson({ type: "object" }), "guided_json"],
    ["withChatTemplateKwargs", withChatTemplateKwargs({ enable_thinking: false }), "chat_template_kwargs"],
    ["withLogprobs", withLogprobs(), "logprobs"],
    ["withLogitBias", withLogitBias({ "42": -100 }), "logit_bias"],
  ])("refuses %s (a field outside its schema) before sending", async (_, option, field) => {
    const error = await refusedChat(mistral(), option);
    expect(error).toMatchObject({ kind: "invalid_request", field, retryable: false });
    expect(error.message).toBe(
      `invalid request: ${field} is not accepted by Mistral (its API refuses fields outside its schema); remove it`,
    );
  });

  test("refuses a negative seed, which random_seed cannot hold", async () => {
    const error = await refusedChat(mistral(), withSeed(-1));
    expect(error).toMatchObject({ kind: "invalid_request", field: "seed" });
  });

  test("refuses seed and random_seed set to different values", async () => {
    const error = await refusedChat(mistral(), withSeed(1), withRandomSeed(2));
    expect(error).toStrictEqual({
      kind: "invalid_request",
      message:
        "invalid request: seed and random_seed are both set, to different values; Mistral reads random_seed",
      field: "seed",
      retryable: false,
    });
  });

  test("refuses text completions: Mistral has no /v1/completions", async () => {
    const client = clientFor(mistral());
    const error = await refusedBeforeSending(() => client.completion(newCompletionRequest("m", "Once")));
    expect(error).toMatchObject({ kind: "invalid_request", field: "completions" });
  });
});

describe("groq", () => {
  test.each<[string, RequestOption, string]>([
    ["logprobs", withLogprobs(2), "logprobs"],
    ["logit_bias", withLogitBias({ "1": 5 }), "logit_bias"],
    ["n = 2", withN(2), "n"],
  ])("refuses %s, which Groq answers with 400", async (_, option, field) => {
    const error = await refusedChat(groq(), option);
    expect(error).toMatchObject({ kind: "invalid_request", field, retryable: false });
  });

  test("refuses a message with a name, naming the message", async () => {
    const named: ChatMessage[] = [newUserMessage("Hi"), { role: "user", content: "Again", name: "ann" }];
    const client = clientFor(groq());
    const error = await refusedBeforeSending(() =>
      client.chatCompletion(newChatCompletionRequest("m", named)),
    );
    expect(error).toMatchObject({ kind: "invalid_request", field: "messages.1.name" });
  });

  test("sends n = 1 and the other fields as they are", async () => {
    const body = await sentChat(groq(), withN(1), withTemperature(0));
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      n: 1,
      temperature: 0,
    });
  });
});

describe("openai and azure-openai reject unknown request arguments", () => {
  test.each([
    ["openai", openai()],
    ["azure-openai", azureOpenAi({ endpoint: origin })],
  ])("%s refuses top_k before sending", async (_, preset) => {
    const error = await refusedChat(preset, withTopK(40));
    expect(error).toMatchObject({ kind: "invalid_request", field: "top_k" });
  });

  test("withExtraBody fields are not second-guessed: the escape hatch stays open", async () => {
    const body = await sentChat(openai(), withExtraBody({ service_tier: "flex" }));
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      service_tier: "flex",
    });
  });
});

describe("anthropic", () => {
  test("refuses n other than 1 (documented: must be exactly 1)", async () => {
    const error = await refusedChat(anthropic(), withN(3));
    expect(error).toMatchObject({
      kind: "invalid_request",
      field: "n",
      message: "invalid request: n must be 1 for Anthropic, got 3",
    });
  });
});

describe("llama.cpp", () => {
  test("sends repetition_penalty as repeat_penalty and guided_json as json_schema (the names it reads)", async () => {
    const schema = { type: "object", properties: { name: { type: "string" } } };
    const body = await sentChat(
      llamaCpp(),
      withRepetitionPenalty(1.1),
      withGuidedJson(schema),
      withTopK(40),
      withMinP(0.05),
    );
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      repeat_penalty: 1.1,
      json_schema: schema,
      top_k: 40,
      min_p: 0.05,
    });
  });

  test("replays a recorded llama-server request: the same body, repeat_penalty for repetition_penalty", async () => {
    const recorded = llamaServerExchange("07-advanced-sampling.json", 0);
    const { repetition_penalty, ...rest } = JSON.parse(recorded.request.body) as Record<string, unknown>;
    const request = newChatCompletionRequest(
      "tiny-qwen2",
      [newUserMessage("Tell me a story about a dragon.")],
      withMaxTokens(48),
      withTemperature(0.7),
      withExtraBody({ top_p: 0.9 }),
      withTopK(40),
      withRepetitionPenalty(1.1),
      withExtraBody({ stop: [".", "\n"] }),
      withSeed(11),
    );
    const client = clientFor(llamaCpp());
    const body = await capturedBody(
      origin,
      "/v1/chat/completions",
      () => client.chatCompletion(request),
      recorded.response.body,
    );
    expect(body).toStrictEqual({ ...rest, repeat_penalty: repetition_penalty });
  });
});

describe("vllm", () => {
  const schema = { type: "object", properties: { n: { type: "integer" } } };

  test("sends withGuidedJson as structured_outputs.json (vLLM 0.12 removed guided_json)", async () => {
    const body = await sentChat(
      vllm(),
      withGuidedJson(schema),
      withTopK(-1),
      withChatTemplateKwargs({ enable_thinking: false }),
    );
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      structured_outputs: { json: schema },
      top_k: -1,
      chat_template_kwargs: { enable_thinking: false },
    });
  });

  test("sends guided_json as is with legacyGuidedJson, for vLLM before 0.10.2", async () => {
    const body = await sentChat(vllm({ legacyGuidedJson: true }), withGuidedJson(schema));
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      guided_json: schema,
    });
  });

  test("refuses guided_json next to a structured_outputs.json set by hand", async () => {
    const error = await refusedChat(
      vllm(),
      withGuidedJson(schema),
      withExtraBody({ structured_outputs: { json: {} } }),
    );
    expect(error).toMatchObject({ kind: "invalid_request", field: "guided_json" });
  });
});

describe("tensorrt-llm", () => {
  const schema = { type: "object" };

  test("sends withGuidedJson as response_format json, tool choice any as required", async () => {
    const body = await sentChat(
      tensorRtLlm(),
      withGuidedJson(schema),
      withTools([weather]),
      withToolChoice("any"),
    );
    expect(body).toStrictEqual({
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      response_format: { type: "json", schema },
      tools: [weather].map(({ type, function: fn }) => ({ type, function: fn })),
      tool_choice: "required",
    });
  });

  test.each<[string, RequestOption, string]>([
    ["guided_json with a response format", withGuidedJson(schema), "guided_json"],
    ["safe_prompt", withSafePrompt(), "safe_prompt"],
    ["random_seed", withRandomSeed(3), "random_seed"],
  ])("refuses %s (it forbids unknown fields)", async (_, option, field) => {
    const error = await refusedChat(tensorRtLlm(), withResponseJsonObjectFormat(), option);
    expect(error).toMatchObject({ kind: "invalid_request", field });
  });

  test("refuses suffix on a text completion", async () => {
    const client = clientFor(tensorRtLlm());
    const request = newCompletionRequest("m", "def add(a, b):", withExtraBody({ suffix: "return c" }));
    const error = await refusedBeforeSending(() => client.completion(request));
    expect(error).toMatchObject({ kind: "invalid_request", field: "suffix" });
  });
});
