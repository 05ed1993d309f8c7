import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  type ChatwireError,
  newChatCompletionRequest,
  newFunctionTool,
  newUserMessage,
  type RequestOption,
  withMaxTokens,
  withSeed,
  withTools,
} from "../../lib/index.ts";
import { countingClient, fixtureClient, recordedExchange, replyInOrder } from "../output/fixture-server.ts";

const getWeather = newFunctionTool({
  name: "get_weather",
  description: "Gets the current weather of a city",
  parameters: v.strictObject({ city: v.string(), unit: v.optional(v.picklist(["c", "f"])) }),
  strict: false,
});

const weatherWire = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Gets the current weather of a city",
    parameters: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
      required: ["city"],
      additionalProperties: false,
    },
    strict: false,
  },
};

const okBody = JSON.stringify({
  id: "chatcmpl-1",
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
});

async function refused(...options: readonly RequestOption[]): Promise<ChatwireError> {
  const { client, calls } = countingClient();
  const result = await client.chatCompletion(
    newChatCompletionRequest("m", [newUserMessage("Hi")], ...options),
  );
  expect(calls()).toBe(0);
  return result._unsafeUnwrapErr();
}

describe("newFunctionTool", () => {
  it("is the wire shape, and only the wire shape, to every reader of plain data", () => {
    expect(getWeather).toStrictEqual(weatherWire);
    expect(JSON.parse(JSON.stringify(getWeather))).toStrictEqual(weatherWire);
    expect({ ...getWeather }).toStrictEqual(weatherWire);
    expect(Object.keys(getWeather)).toStrictEqual(["type", "function"]);
    expect(structuredClone(getWeather)).toStrictEqual(weatherWire);
  });

  it("puts only the wire shape in the body sent", async () => {
    const server = replyInOrder(okBody);
    const request = newChatCompletionRequest(
      "m",
      [newUserMessage("Weather in Paris?")],
      withTools([getWeather]),
    );
    expect((await fixtureClient().chatCompletion(request)).isOk()).toBe(true);
    expect(server.received).toStrictEqual([
      {
        model: "m",
        messages: [{ role: "user", content: "Weather in Paris?" }],
        tools: [weatherWire],
        tool_choice: "auto",
      },
    ]);
  });

  it("sends a plain JSON Schema as given: the body llama.cpp was sent", async () => {
    const exchange = recordedExchange("06-tool-calling.json", 0);
    const recorded = JSON.parse(exchange.request.body) as {
      tools: [{ function: { parameters: Record<string, unknown> } }];
    };
    const tool = newFunctionTool({
      name: "get_weather",
      description: "Get current weather for a location",
      parameters: recorded.tools[0].function.parameters,
    });
    const server = replyInOrder(exchange.response.body);
    const request = newChatCompletionRequest(
      "tiny-qwen2",
      [newUserMessage("What's the weather in Paris?")],
      withTools([tool]),
      withMaxTokens(200),
      withSeed(8),
    );
    expect((await fixtureClient().chatCompletion(request)).isOk()).toBe(true);
    expect(server.received).toStrictEqual([recorded]);
  });

  it("leaves out what was not given", () => {
    const bare = newFunctionTool({ name: "ping", parameters: { type: "object", properties: {} } });
    expect(bare).toStrictEqual({
      type: "function",
      function: { name: "ping", parameters: { type: "object", properties: {} } },
    });
  });

  it("refuses, when sending, a tool whose schema cannot be sent, naming the tool's place and the construct", async () => {
    const parse = newFunctionTool({
      name: "parse",
      parameters: v.object({ n: v.pipe(v.string(), v.transform(Number)) }),
    });
    expect(await refused(withTools([getWeather, parse]))).toStrictEqual({
      kind: "invalid_request",
      field: "tools.1.function.parameters",
      message:
        'invalid request: tools.1.function.parameters cannot be sent as JSON Schema: The "transform" action cannot be converted to JSON Schema.',
      retryable: false,
    });
  });

  it("forgets the problem of tools replaced by a later withTools", async () => {
    const bad = newFunctionTool({ name: "bad", parameters: v.date() });
    const server = replyInOrder(okBody);
    const request = newChatCompletionRequest(
      "m",
      [newUserMessage("Hi")],
      withTools([bad]),
      withTools([getWeather]),
    );
    expect((await fixtureClient().chatCompletion(request)).isOk()).toBe(true);
    expect(server.received).toStrictEqual([
      { model: "m", messages: [{ role: "user", content: "Hi" }], tools: [weatherWire], tool_choice: "auto" },
    ]);
  });
});
