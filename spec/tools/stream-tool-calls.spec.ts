import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  assistantMessage,
  collectStream,
  type FunctionTool,
  newChatCompletionStreamRequest,
  newFunctionTool,
  newUserMessage,
  parseToolCall,
  runToolsStream,
  type ToolRunEvent,
  withToolChoice,
  withTools,
} from "../../lib/index.ts";
import { countingClient, fixtureClient, recordedExchange } from "../output/fixture-server.ts";
import { sseOf, streamFixture, streamInOrder } from "../output/sse-server.ts";

const getWeather = newFunctionTool({
  name: "get_weather",
  parameters: v.strictObject({ city: v.string(), state: v.string() }),
  strict: true,
});
const GetWeatherArgs = newFunctionTool({
  name: "GetWeatherArgs",
  parameters: v.strictObject({ city: v.string(), country: v.string(), units: v.picklist(["c", "f"]) }),
});
const getStockPrice = newFunctionTool({
  name: "get_stock_price",
  parameters: v.strictObject({ ticker: v.string(), exchange: v.picklist(["NYSE", "NASDAQ"]) }),
});
const weather = newFunctionTool({
  name: "weather",
  parameters: v.object({ location: v.optional(v.string()) }),
});
const webSearchTool = newFunctionTool({ name: "webSearchTool", parameters: v.object({ query: v.string() }) });

/** Streams a body (cut in pieces), collects it and parses every tool call against the tools. */
async function parsedCalls(body: string, tools: readonly FunctionTool[], pieces: number): Promise<unknown[]> {
  const server = streamInOrder([body], pieces);
  const opened = await fixtureClient().chatCompletionStream(
    newChatCompletionStreamRequest("m", [newUserMessage("Call a tool")], withTools(tools)),
  );
  const response = (await opened.asyncAndThen(collectStream))._unsafeUnwrap();
  expect(server.isDone()).toBe(true);
  return (assistantMessage(response)?.tool_calls ?? []).map((call) =>
    parseToolCall(call, tools)._unsafeUnwrap(),
  );
}

describe("recorded tool-call streams assemble and parse exactly", () => {
  it.each([1, 7, 60])("OpenAI strict single call, arguments over many chunks (%i pieces)", async (pieces) => {
    expect(
      await parsedCalls(streamFixture("openai/tool-call-strict.sse"), [getWeather], pieces),
    ).toStrictEqual([
      {
        name: "get_weather",
        id: "call_CTf1nWJLqSeRgDqaCG27xZ74",
        args: { city: "San Francisco", state: "CA" },
      },
    ]);
  });

  it.each([1, 7, 60])("OpenAI parallel calls (%i pieces)", async (pieces) => {
    const tools = [GetWeatherArgs, getStockPrice];
    expect(await parsedCalls(streamFixture("openai/parallel-tool-calls.sse"), tools, pieces)).toStrictEqual([
      {
        name: "GetWeatherArgs",
        id: "call_JMW1whyEaYG438VE1OIflxA2",
        args: { city: "Edinburgh", country: "GB", units: "c" },
      },
      {
        name: "get_stock_price",
        id: "call_DNYTawLBoN8fj3KN6qU9N1Ou",
        args: { ticker: "AAPL", exchange: "NASDAQ" },
      },
    ]);
  });

  it.each<[string, FunctionTool, object]>([
    [
      "mistral/tool-call-single-chunk.sse",
      weather,
      { name: "weather", id: "gSIMJiOkT", args: { location: "San Francisco" } },
    ],
    [
      "mistral/tool-call-incremental.sse",
      webSearchTool,
      {
        name: "webSearchTool",
        id: "chatcmpl-tool-9f149c74c42f265b",
        args: { query: "current Berlin weather" },
      },
    ],
    ["groq/tool-call.sse", weather, { name: "weather", id: "tk85n1k4m", args: {} }],
    [
      "deepseek/tool-call-after-reasoning.sse",
      weather,
      { name: "weather", id: "call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", args: { location: "San Francisco" } },
    ],
    [
      "alibaba/tool-call.sse",
      weather,
      { name: "weather", id: "call_eee11723464a4b9eb8cee71d", args: { location: "San Francisco" } },
    ],
    [
      "xai/tool-call-with-reasoning.sse",
      weather,
      { name: "weather", id: "call_55117580", args: { location: "San Francisco" } },
    ],
  ])("%s", async (path, tool, parsed) => {
    expect(await parsedCalls(streamFixture(path), [tool], 13)).toStrictEqual([parsed]);
  });

  it("llama.cpp's streamed required call, against the plain JSON Schema it was offered", async () => {
    const exchange = recordedExchange("06-tool-calling.json", 2);
    const offered = JSON.parse(exchange.request.body) as {
      tools: [{ function: { parameters: Record<string, unknown> } }];
    };
    const tool = newFunctionTool({ name: "get_weather", parameters: offered.tools[0].function.parameters });
    expect(await parsedCalls(exchange.response.body, [tool], 11)).toStrictEqual([
      { name: "get_weather", id: "sXWbxwzJC6n1CFBicKTOwlbpfnIVZ6Kl", args: { location: "+飯店 Nay[tmp" } },
    ]);
  });
});

const finalStream = sseOf([
  {
    id: "chatcmpl-final",
    model: "gpt-4o",
    choices: [{ index: 0, delta: { role: "assistant", content: "It is 11 °C" } }],
  },
  {
    id: "chatcmpl-final",
    model: "gpt-4o",
    choices: [{ index: 0, delta: { content: " in Edinburgh." }, finish_reason: "stop" }],
  },
]);

async function eventsOf(events: AsyncIterable<ToolRunEvent>): Promise<ToolRunEvent[]> {
  const all: ToolRunEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe("runToolsStream", () => {
  const tools = [GetWeatherArgs, getStockPrice] as const;
  const request = newChatCompletionStreamRequest(
    "gpt-4o",
    [newUserMessage("Weather in Edinburgh and AAPL's price?")],
    withTools(tools),
    withToolChoice("required"),
  );

  it("streams every step's chunks, runs the tools between, and ends with the run", async () => {
    const server = streamInOrder([streamFixture("openai/parallel-tool-calls.sse"), finalStream], 9);
    const events = await eventsOf(
      runToolsStream(
        fixtureClient(),
        request,
        {
          GetWeatherArgs: ({ city }) => ({ city, celsius: 11 }),
          get_stock_price: async ({ ticker }) => `${ticker}: 227.5`,
        },
        { tools },
      ),
    );
    expect(server.isDone()).toBe(true);
    const summary = events.map((event) =>
      event.type === "chunk"
        ? `chunk ${event.step}`
        : event.type === "tool_results"
          ? `tools ${event.step}`
          : "done",
    );
    const firstChunks = summary.filter((line) => line === "chunk 1").length;
    expect(firstChunks).toBeGreaterThan(10);
    expect(summary).toStrictEqual([
      ...Array.from({ length: firstChunks }, () => "chunk 1"),
      "tools 1",
      "chunk 2",
      "chunk 2",
      "done",
    ]);
    const weatherCall = {
      id: "call_JMW1whyEaYG438VE1OIflxA2",
      type: "function",
      function: { name: "GetWeatherArgs", arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}' },
    };
    const stockCall = {
      id: "call_DNYTawLBoN8fj3KN6qU9N1Ou",
      type: "function",
      function: { name: "get_stock_price", arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}' },
    };
    const afterTools = [
      { role: "user", content: "Weather in Edinburgh and AAPL's price?" },
      { role: "assistant", content: null, tool_calls: [weatherCall, stockCall] },
      { role: "tool", tool_call_id: weatherCall.id, content: '{"city":"Edinburgh","celsius":11}' },
      { role: "tool", tool_call_id: stockCall.id, content: "AAPL: 227.5" },
    ];
    expect(server.received[1]).toStrictEqual({
      model: "gpt-4o",
      messages: afterTools,
      stream: true,
      tools: JSON.parse(JSON.stringify(tools)),
      tool_choice: "auto",
    });
    const done = events.at(-1);
    const run = done?.type === "done" ? done.result._unsafeUnwrap() : undefined;
    expect(run?.messages).toStrictEqual([
      ...afterTools,
      { role: "assistant", content: "It is 11 °C in Edinburgh." },
    ]);
    expect(run?.steps.map((step) => step.toolResults.map((result) => result.message.content))).toStrictEqual([
      ['{"city":"Edinburgh","celsius":11}', "AAPL: 227.5"],
      [],
    ]);
  });

  it("ends with max_steps like runTools", async () => {
    const server = streamInOrder([streamFixture("openai/parallel-tool-calls.sse")]);
    const events = await eventsOf(
      runToolsStream(
        fixtureClient(),
        request,
        { GetWeatherArgs: () => 1, get_stock_price: () => 2 },
        { tools, maxSteps: 1 },
      ),
    );
    expect(server.isDone()).toBe(true);
    const done = events.at(-1);
    expect(done?.type === "done" && done.result._unsafeUnwrapErr()).toMatchObject({
      kind: "output",
      reason: "max_steps",
    });
    expect(events.some((event) => event.type === "tool_results")).toBe(false);
  });

  it("refuses bad settings with one done event and no network call", async () => {
    const { client, calls } = countingClient();
    const events = await eventsOf(runToolsStream(client, request, {}, { maxSteps: 0 }));
    expect(calls()).toBe(0);
    expect(events.length).toBe(1);
    expect(events[0]?.type === "done" && events[0].result._unsafeUnwrapErr().kind).toBe("invalid_request");
  });

  it("ends with the stream's error when a step's stream fails", async () => {
    streamInOrder([streamFixture("groq/error-event-midstream.sse")]);
    const events = await eventsOf(runToolsStream(fixtureClient(), request, {}));
    const done = events.at(-1);
    expect(done?.type === "done" && done.result._unsafeUnwrapErr().kind).toBe("http");
  });
});
