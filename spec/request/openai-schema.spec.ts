import { beforeAll, describe, expect, test } from "vitest";
import {
  type ChatCompletionRequest,
  newAssistantMessage,
  newAudioPart,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newDeveloperMessage,
  newImagePart,
  newSystemMessage,
  newTextPart,
  newToolMessage,
  newUserMessage,
  type RequestOption,
  withFrequencyPenalty,
  withLogitBias,
  withLogprobs,
  withMaxCompletionTokens,
  withMaxTokens,
  withN,
  withParallelToolCalls,
  withPresencePenalty,
  withResponseJsonObjectFormat,
  withResponseJsonSchema,
  withResponseTextFormat,
  withSeed,
  withStop,
  withStreaming,
  withStreamUsage,
  withTemperature,
  withTimeout,
  withToolChoice,
  withTools,
  withTopP,
  withUser,
} from "../../lib/index.ts";
import { sentBody } from "../client/nock-server.ts";
import { type BodyValidator, loadValidator } from "./openapi-validator.ts";
import { weatherTool } from "./weather-tool.ts";

// The official OpenAI spec is 3 MB of YAML: parsed once for the whole file.
let errorsOf: BodyValidator;
beforeAll(() => {
  errorsOf = loadValidator("openai-openapi.yaml", "CreateChatCompletionRequest");
});

const model = "gpt-4.1-nano";
const weather = weatherTool;
const citySchema = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false,
};
const conversation = [
  newSystemMessage("You answer briefly."),
  newDeveloperMessage("Prefer metric units."),
  newUserMessage("What is the weather in Paris?"),
  newAssistantMessage(null, [
    { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
  ]),
  newToolMessage("call_1", '{"celsius":21}'),
  newAssistantMessage("It is 21 °C in Paris."),
  newUserMessage([
    newTextPart("And what is in this picture?"),
    newImagePart("https://example.com/paris.png", { detail: "low" }),
    newImagePart("data:image/png;base64,iVBORw0KGgo="),
    newAudioPart("UklGRiQAAABXQVZF", "wav"),
    newAudioPart("SUQzBAAAAAAA", "mp3"),
  ]),
];

const request = (...options: readonly RequestOption[]): ChatCompletionRequest =>
  newChatCompletionRequest(model, [newUserMessage("Hello!")], ...options);

describe("requests built by chatwire validate against OpenAI's CreateChatCompletionRequest", () => {
  test("the validator is not vacuous: it rejects what OpenAI rejects", () => {
    expect(errorsOf(request(withTemperature(3)).body)).not.toStrictEqual([]);
    expect(errorsOf({ model, messages: [{ role: "robot", content: "beep" }] })).not.toStrictEqual([]);
    expect(errorsOf({ messages: [{ role: "user", content: "no model" }] })).not.toStrictEqual([]);
  });

  test.each<[string, ChatCompletionRequest]>([
    ["the minimal request", request()],
    ["withMaxTokens", request(withMaxTokens(256))],
    ["withMaxCompletionTokens", request(withMaxCompletionTokens(1024))],
    ["withTemperature(0)", request(withTemperature(0))],
    ["withTemperature(2)", request(withTemperature(2))],
    ["withTopP", request(withTopP(0.9))],
    ["withN", request(withN(3))],
    ["withStop (one)", request(withStop("END"))],
    ["withStop (several)", request(withStop(["\n\n", "END"]))],
    ["withSeed(0)", request(withSeed(0))],
    ["withFrequencyPenalty", request(withFrequencyPenalty(-2))],
    ["withPresencePenalty", request(withPresencePenalty(2))],
    ["withLogitBias", request(withLogitBias({ "50256": -100 }))],
    ["withLogprobs()", request(withLogprobs())],
    ["withLogprobs(3)", request(withLogprobs(3))],
    ["withUser", request(withUser("user-1234"))],
    ["withTools", request(withTools([weather]))],
    ["withToolChoice none", request(withTools([weather]), withToolChoice("none"))],
    ["withToolChoice required", request(withTools([weather]), withToolChoice("required"))],
    [
      "withToolChoice a named function",
      request(withTools([weather]), withToolChoice({ type: "function", function: { name: "get_weather" } })),
    ],
    ["withParallelToolCalls(false)", request(withTools([weather]), withParallelToolCalls(false))],
    ["withResponseTextFormat", request(withResponseTextFormat())],
    ["withResponseJsonObjectFormat", request(withResponseJsonObjectFormat())],
    ["withResponseJsonSchema", request(withResponseJsonSchema(citySchema))],
    [
      "withResponseJsonSchema with every setting",
      request(withResponseJsonSchema(citySchema, { name: "city", description: "A city.", strict: true })),
    ],
    ["withStreaming and withStreamUsage", request(withStreaming(), withStreamUsage())],
    ["a stream request", newChatCompletionStreamRequest(model, [newUserMessage("Hi")], withStreamUsage())],
    ["withTimeout", request(withTimeout(30_000))],
    ["every message and content part constructor", newChatCompletionRequest(model, conversation)],
  ])("%s", (_name, built) => {
    expect(errorsOf(built.body)).toStrictEqual([]);
  });

  test("one request with every standard option, as sent on the wire", async () => {
    const built = newChatCompletionRequest(
      model,
      conversation,
      withMaxTokens(256),
      withMaxCompletionTokens(512),
      withTemperature(0),
      withTopP(1),
      withN(1),
      withStop(["END"]),
      withSeed(0),
      withFrequencyPenalty(0),
      withPresencePenalty(0),
      withLogitBias({ "50256": -100 }),
      withLogprobs(5),
      withUser("user-1234"),
      withTools([weather]),
      withParallelToolCalls(false),
      withResponseJsonSchema(citySchema, { name: "city", strict: true }),
      withStreamUsage(),
      withTimeout(60_000),
    );
    expect(errorsOf(built.body)).toStrictEqual([]);
    const sent = await sentBody(built);
    expect(Object.keys(sent as object).sort()).toStrictEqual([
      "frequency_penalty",
      "logit_bias",
      "logprobs",
      "max_completion_tokens",
      "max_tokens",
      "messages",
      "model",
      "n",
      "parallel_tool_calls",
      "presence_penalty",
      "response_format",
      "seed",
      "stop",
      "temperature",
      "tool_choice",
      "tools",
      "top_logprobs",
      "top_p",
      "user",
    ]);
    expect(errorsOf(sent)).toStrictEqual([]);
  });
});
