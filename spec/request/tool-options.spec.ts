import { describe, expect, test } from "vitest";
import {
  type FunctionTool,
  newChatCompletionRequest,
  newUserMessage,
  type RequestOption,
  withParallelToolCalls,
  withToolChoice,
  withTools,
} from "../../lib/index.ts";
import { sentBody } from "../client/nock-server.ts";
import { weatherTool } from "./weather-tool.ts";

const model = "gpt-4.1-nano";
const messages = [newUserMessage("Weather in Paris?")];
const base = { model, messages: [{ role: "user", content: "Weather in Paris?" }] };

const weather = weatherTool;
const time: FunctionTool = { type: "function", function: { name: "get_time" } };

const wire = (...options: readonly RequestOption[]): Promise<unknown> =>
  sentBody(newChatCompletionRequest(model, messages, ...options));

describe("tool options on the wire", () => {
  test("withTools sends the tools as given and tool_choice auto when none is set", async () => {
    expect(await wire(withTools([weather, time]))).toStrictEqual({
      ...base,
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Gets the weather of a city.",
            parameters: {
              type: "object",
              properties: { city: { type: "string" } },
              required: ["city"],
              additionalProperties: false,
            },
            strict: true,
          },
        },
        { type: "function", function: { name: "get_time" } },
      ],
      tool_choice: "auto",
    });
  });

  test.each<[string, Parameters<typeof withToolChoice>[0]]>([
    ["none", "none"],
    ["required", "required"],
    ["auto", "auto"],
    ["any (Mistral)", "any"],
    ["one named function", { type: "function", function: { name: "get_weather" } }],
  ])("an explicit tool choice (%s) is kept, whatever the option order", async (_name, choice) => {
    const expected = { ...base, tools: [weather], tool_choice: choice };
    expect(await wire(withTools([weather]), withToolChoice(choice))).toStrictEqual(expected);
    expect(await wire(withToolChoice(choice), withTools([weather]))).toStrictEqual(expected);
  });

  test("withToolChoice without tools sends the choice alone", async () => {
    expect(await wire(withToolChoice("none"))).toStrictEqual({ ...base, tool_choice: "none" });
  });

  test("withTools replaces the tools set before", async () => {
    expect(await wire(withTools([weather]), withTools([time]))).toStrictEqual({
      ...base,
      tools: [{ type: "function", function: { name: "get_time" } }],
      tool_choice: "auto",
    });
  });

  test("withTools([]) sends no tools and no tool choice", async () => {
    expect(await wire(withTools([]))).toStrictEqual(base);
    expect(await wire(withTools([weather]), withTools([]))).toStrictEqual(base);
  });

  test.each([true, false])("withParallelToolCalls(%s) reaches the wire", async (parallel) => {
    expect(await wire(withTools([time]), withParallelToolCalls(parallel))).toStrictEqual({
      ...base,
      tools: [{ type: "function", function: { name: "get_time" } }],
      tool_choice: "auto",
      parallel_tool_calls: parallel,
    });
  });

  test("the auto tool choice is added once, on the built request, not in the options' input", () => {
    const request = newChatCompletionRequest(model, messages, withTools([time]));
    expect(request).toStrictEqual({
      body: { ...base, tools: [{ type: "function", function: { name: "get_time" } }], tool_choice: "auto" },
    });
    expect(withTools([time])({ body: { model, messages } })).toStrictEqual({
      body: { model, messages, tools: [{ type: "function", function: { name: "get_time" } }] },
    });
  });
});
