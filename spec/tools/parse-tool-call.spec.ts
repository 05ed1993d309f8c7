import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  assistantMessage,
  type ChatCompletionResponse,
  type FunctionTool,
  newChatCompletionRequest,
  newFunctionTool,
  newUserMessage,
  parseToolCall,
  type ResponseToolCall,
  withTools,
} from "../../lib/index.ts";
import { fixtureClient, fixtureText, recordedExchange, replyInOrder } from "../output/fixture-server.ts";

const GetWeatherArgs = newFunctionTool({
  name: "GetWeatherArgs",
  parameters: v.strictObject({ city: v.string(), country: v.string(), units: v.picklist(["c", "f"]) }),
  strict: true,
});
const getStockPrice = newFunctionTool({
  name: "get_stock_price",
  parameters: v.strictObject({ ticker: v.string(), exchange: v.picklist(["NYSE", "NASDAQ"]) }),
  strict: true,
});
const weather = newFunctionTool({
  name: "weather",
  parameters: v.object({ location: v.optional(v.string()) }),
});

/** The tool calls of a recorded body, as chatCompletion gives them. */
async function recordedCalls(
  body: string,
  tools: readonly FunctionTool[],
): Promise<readonly ResponseToolCall[]> {
  const server = replyInOrder(body);
  const result = await fixtureClient().chatCompletion(
    newChatCompletionRequest("m", [newUserMessage("Call a tool")], withTools(tools)),
  );
  expect(server.isDone()).toBe(true);
  const response: ChatCompletionResponse = result._unsafeUnwrap();
  return assistantMessage(response)?.tool_calls ?? [];
}

const call = (name: string, args: string, id = "call_1"): ResponseToolCall => ({
  id,
  type: "function",
  function: { name, arguments: args },
});

describe("parseToolCall on recorded answers", () => {
  it("parses OpenAI's two parallel calls, each with its own tool's schema", async () => {
    const tools = [GetWeatherArgs, getStockPrice];
    const calls = await recordedCalls(fixtureText("responses/openai/parallel-tool-calls.json"), tools);
    expect(calls.map((each) => parseToolCall(each, tools)._unsafeUnwrap())).toStrictEqual([
      {
        name: "GetWeatherArgs",
        id: "call_fdNz3vOBKYgOIpMdWotB9MjY",
        args: { city: "Edinburgh", country: "GB", units: "c" },
      },
      {
        name: "get_stock_price",
        id: "call_h1DWI1POMJLb0KwIyQHWXD4p",
        args: { ticker: "AAPL", exchange: "NASDAQ" },
      },
    ]);
  });

  it.each([
    [
      "mistral/tool-call.json (no type)",
      "mistral/tool-call.json",
      "gSIMJiOkT",
      { location: "San Francisco" },
    ],
    ["groq/tool-call.json (empty object)", "groq/tool-call.json", "ax9fskhev", {}],
    [
      "xai/tool-call-with-reasoning.json",
      "xai/tool-call-with-reasoning.json",
      "call_93562515",
      { location: "San Francisco" },
    ],
  ])("parses %s", async (_name, path, id, args) => {
    const [only, ...rest] = await recordedCalls(fixtureText(`responses/${path}`), [weather]);
    expect(rest).toStrictEqual([]);
    expect(parseToolCall(only!, weather)._unsafeUnwrap()).toStrictEqual({ name: "weather", id, args });
  });

  it("parses llama.cpp's call against the plain JSON Schema it was offered", async () => {
    const exchange = recordedExchange("06-tool-calling.json", 0);
    const offered = JSON.parse(exchange.request.body) as {
      tools: [{ function: { parameters: Record<string, unknown> } }];
    };
    const getWeather = newFunctionTool({
      name: "get_weather",
      parameters: offered.tools[0].function.parameters,
    });
    const [only] = await recordedCalls(exchange.response.body, [getWeather]);
    expect(parseToolCall(only!, [getWeather])._unsafeUnwrap()).toStrictEqual({
      name: "get_weather",
      id: "1d3Szzajk2iEt3aPEsTFow3QLSNRphLj",
      args: { location: "CMD\ufee4进度exact萝FIXME rice_heap" },
    });
  });
});

describe("parseToolCall errors, each distinct", () => {
  it("names an unknown tool and the tools offered", () => {
    expect(
      parseToolCall(call("get_time", "{}"), [GetWeatherArgs, getStockPrice])._unsafeUnwrapErr(),
    ).toStrictEqual({
      kind: "output",
      reason: "unknown_tool",
      message:
        'the model called a tool named "get_time" (call call_1), which is not among the tools offered: GetWeatherArgs, get_stock_price',
      retryable: false,
    });
  });

  it("says when the arguments are not JSON", () => {
    const error = parseToolCall(call("weather", '{"location": "Par'), weather)._unsafeUnwrapErr();
    expect(error.kind === "output" && error.reason).toBe("not_json");
    expect(error.message).toMatch(/^the arguments of weather \(call call_1\) are not JSON: /);
  });

  it("names the path of the first mismatch inside the arguments", () => {
    expect(
      parseToolCall(
        call("GetWeatherArgs", '{"city":"Oslo","country":"NO","units":"k"}'),
        GetWeatherArgs,
      )._unsafeUnwrapErr(),
    ).toStrictEqual({
      kind: "output",
      reason: "schema_mismatch",
      message:
        'schema mismatch in the arguments of GetWeatherArgs (call call_1) at units: Invalid type: Expected ("c" | "f") but received "k"',
      path: "units",
      retryable: false,
    });
  });

  it("takes empty arguments as an empty object", () => {
    expect(parseToolCall(call("weather", " "), weather)._unsafeUnwrap()).toStrictEqual({
      name: "weather",
      id: "call_1",
      args: {},
    });
  });

  it("parses the arguments of a hand-written wire tool without checking them", () => {
    const plain: FunctionTool = { type: "function", function: { name: "echo" } };
    expect(parseToolCall(call("echo", '{"anything":[1]}'), [plain])._unsafeUnwrap()).toStrictEqual({
      name: "echo",
      id: "call_1",
      args: { anything: [1] },
    });
  });

  it("gives a valibot schema's output, transforms applied", () => {
    const sum = newFunctionTool({
      name: "sum",
      parameters: v.pipe(
        v.object({ numbers: v.array(v.number()) }),
        v.transform(({ numbers }) => numbers.reduce((total, n) => total + n, 0)),
      ),
    });
    expect(parseToolCall(call("sum", '{"numbers":[1,2,3]}'), sum)._unsafeUnwrap()).toStrictEqual({
      name: "sum",
      id: "call_1",
      args: 6,
    });
  });
});
