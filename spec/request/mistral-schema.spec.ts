import { beforeAll, describe, expect, test } from "vitest";
import {
  type FunctionTool,
  newAssistantMessage,
  newChatCompletionRequest,
  newChatCompletionStreamRequest,
  newImagePart,
  newSystemMessage,
  newTextPart,
  newToolMessage,
  newUserMessage,
  withExtraBody,
  withFrequencyPenalty,
  withMaxTokens,
  withN,
  withParallelToolCalls,
  withPresencePenalty,
  withResponseJsonObjectFormat,
  withResponseJsonSchema,
  withStop,
  withTemperature,
  withToolChoice,
  withTools,
  withTopP,
} from "../../lib/index.ts";
import { sentBody } from "../client/nock-server.ts";
import { type BodyValidator, loadValidator } from "./openapi-validator.ts";

// Mistral's ChatCompletionRequest has `additionalProperties: false`: only fields Mistral knows pass.
let errorsOf: BodyValidator;
beforeAll(() => {
  errorsOf = loadValidator("mistral-openapi.yaml", "ChatCompletionRequest");
});

const model = "mistral-small-latest";
const weather: FunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Gets the weather of a city.",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};
const conversation = [
  newSystemMessage("You answer briefly."),
  newUserMessage("What is the weather in Paris?"),
  newAssistantMessage(null, [
    { id: "gSIMJiOkT", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
  ]),
  newToolMessage("gSIMJiOkT", '{"celsius":21}'),
  newAssistantMessage("It is 21 °C in Paris."),
  newUserMessage([newTextPart("And this picture?"), newImagePart("https://example.com/paris.png")]),
];

describe("a Mistral-style request validates against Mistral's ChatCompletionRequest", () => {
  test("the validator is not vacuous: it rejects a field Mistral does not know", () => {
    const withSeedField = newChatCompletionRequest(model, [newUserMessage("Hi")], withExtraBody({ seed: 1 }));
    expect(errorsOf(withSeedField.body)).toStrictEqual([" must NOT have additional properties"]);
  });

  test("the minimal request", () => {
    expect(errorsOf(newChatCompletionRequest(model, [newUserMessage("Hi")]).body)).toStrictEqual([]);
  });

  test("every option Mistral knows, with a whole conversation, as sent on the wire", async () => {
    const request = newChatCompletionRequest(
      model,
      conversation,
      withTemperature(0),
      withTopP(1),
      withMaxTokens(256),
      withN(1),
      withStop(["END"]),
      withFrequencyPenalty(0),
      withPresencePenalty(0),
      withTools([weather]),
      withToolChoice("any"),
      withParallelToolCalls(false),
      withResponseJsonSchema(
        { type: "object", properties: { city: { type: "string" } } },
        { name: "city", description: "A city.", strict: true },
      ),
      withExtraBody({ random_seed: 0, safe_prompt: false, prompt_mode: "reasoning" }),
    );
    expect(errorsOf(request.body)).toStrictEqual([]);
    expect(errorsOf(await sentBody(request))).toStrictEqual([]);
  });

  test("JSON mode and tool choice auto", () => {
    const request = newChatCompletionRequest(
      model,
      [newUserMessage("Answer in JSON.")],
      withResponseJsonObjectFormat(),
      withTools([weather]),
    );
    expect(request.body.tool_choice).toBe("auto");
    expect(errorsOf(request.body)).toStrictEqual([]);
  });

  test("a stream request", () => {
    expect(errorsOf(newChatCompletionStreamRequest(model, [newUserMessage("Hi")]).body)).toStrictEqual([]);
  });
});
