import { err, errAsync, okAsync } from "neverthrow";
import nock from "nock";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  type ChatMessage,
  newChatCompletionRequest,
  newFunctionTool,
  newUserMessage,
  runTools,
  type ToolCall,
  withToolChoice,
  withTools,
} from "../../lib/index.ts";
import {
  apiOrigin,
  countingClient,
  fixtureClient,
  fixtureText,
  recordedExchange,
  replyInOrder,
} from "../output/fixture-server.ts";

const GetWeatherArgs = newFunctionTool({
  name: "GetWeatherArgs",
  parameters: v.strictObject({ city: v.string(), country: v.string(), units: v.picklist(["c", "f"]) }),
});
const getStockPrice = newFunctionTool({
  name: "get_stock_price",
  parameters: v.strictObject({ ticker: v.string(), exchange: v.picklist(["NYSE", "NASDAQ"]) }),
});
const tools = [GetWeatherArgs, getStockPrice] as const;
const question = newUserMessage("What's the weather in Edinburgh and the price of AAPL?");

const parallelCalls = fixtureText("responses/openai/parallel-tool-calls.json");
const finalText = "It is 11 °C in Edinburgh; AAPL trades at 227.5.";
const finalBody = JSON.stringify({
  id: "chatcmpl-final",
  object: "chat.completion",
  created: 1727346170,
  model: "gpt-4o-2024-08-06",
  choices: [{ index: 0, message: { role: "assistant", content: finalText }, finish_reason: "stop" }],
});
/** One tool call of a given name and arguments, in a body of its own. */
const toolCallBody = (name: string, args: string, id = "call_x"): string =>
  JSON.stringify({
    id: `chatcmpl-${id}`,
    model: "m",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: null,
          tool_calls: [{ id, type: "function", function: { name, arguments: args } }],
        },
        finish_reason: "tool_calls",
      },
    ],
  });

const weatherCall: ToolCall = {
  id: "call_fdNz3vOBKYgOIpMdWotB9MjY",
  type: "function",
  function: { name: "GetWeatherArgs", arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}' },
};
const stockCall: ToolCall = {
  id: "call_h1DWI1POMJLb0KwIyQHWXD4p",
  type: "function",
  function: { name: "get_stock_price", arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}' },
};

/** A clock giving the listed readings in turn. */
function readings(...values: readonly number[]): () => number {
  const queue = [...values];
  return () => queue.shift() ?? Number.NaN;
}

const request = newChatCompletionRequest("gpt-4o", [question], withTools(tools));

describe("runTools", () => {
  it("runs a two-step conversation: parallel calls, tool messages, final answer", async () => {
    const server = replyInOrder(parallelCalls, finalBody);
    const seen: unknown[] = [];
    const run = await runTools(
      fixtureClient(),
      request,
      {
        GetWeatherArgs: (args, toolCall) => {
          seen.push([args, toolCall]);
          return { celsius: 11 };
        },
        get_stock_price: (args) => {
          seen.push([args]);
          return okAsync({ price: 227.5 });
        },
      },
      { tools, clock: readings(1_000, 1_007) },
    );
    expect(server.isDone()).toBe(true);
    const afterTools: ChatMessage[] = [
      { role: "user", content: "What's the weather in Edinburgh and the price of AAPL?" },
      { role: "assistant", content: null, tool_calls: [weatherCall, stockCall] },
      { role: "tool", tool_call_id: weatherCall.id, content: '{"celsius":11}' },
      { role: "tool", tool_call_id: stockCall.id, content: '{"price":227.5}' },
    ];
    expect(server.received[1]).toStrictEqual({
      model: "gpt-4o",
      messages: afterTools,
      tools: JSON.parse(JSON.stringify(tools)),
      tool_choice: "auto",
    });
    expect(seen).toStrictEqual([
      [{ city: "Edinburgh", country: "GB", units: "c" }, weatherCall],
      [{ ticker: "AAPL", exchange: "NASDAQ" }],
    ]);
    const done = run._unsafeUnwrap();
    expect(done.messages).toStrictEqual([...afterTools, { role: "assistant", content: finalText }]);
    expect(done.response.id).toBe("chatcmpl-final");
    expect(done.steps.map(({ response, ...step }) => ({ id: response.id, ...step }))).toStrictEqual([
      {
        id: "chatcmpl-ABfvyvfNWKcl7Ohqos4UFrmMs1v4C",
        latencyMs: done.steps[0]?.response.latencyMs,
        toolsLatencyMs: 7,
        toolResults: [
          { toolCall: weatherCall, message: afterTools[2], isError: false },
          { toolCall: stockCall, message: afterTools[3], isError: false },
        ],
      },
      { id: "chatcmpl-final", latencyMs: done.response.latencyMs, toolsLatencyMs: 0, toolResults: [] },
    ]);
  });

  it("replays llama.cpp's recorded tool round trip: the second request is the one recorded", async () => {
    const first = recordedExchange("06-tool-calling.json", 0);
    const second = recordedExchange("06-tool-calling.json", 1);
    const offered = JSON.parse(first.request.body) as {
      tools: [{ function: { parameters: Record<string, unknown> } }];
    };
    const getWeather = newFunctionTool({
      name: "get_weather",
      description: "Get current weather for a location",
      parameters: offered.tools[0].function.parameters,
    });
    const server = replyInOrder(first.response.body, second.response.body);
    const run = await runTools(
      fixtureClient(),
      newChatCompletionRequest(
        "tiny-qwen2",
        [newUserMessage("What's the weather in Paris?")],
        withTools([getWeather]),
      ),
      { get_weather: () => '{"temperature": 22, "condition": "sunny"}' },
    );
    const recordedSecond = JSON.parse(second.request.body) as { messages: unknown };
    expect((server.received[1] as { messages: unknown }).messages).toStrictEqual(recordedSecond.messages);
    expect(run._unsafeUnwrap().steps.length).toBe(2);
  });

  it("runs the calls of one answer concurrently", async () => {
    replyInOrder(parallelCalls, finalBody);
    const events: string[] = [];
    let stockStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      stockStarted = resolve;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Run one after the other, the weather handler would wait for a stock call that never started: bound it.
    const bounded = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2_000);
    });
    await runTools(
      fixtureClient(),
      request,
      {
        GetWeatherArgs: async () => {
          events.push("weather started");
          await Promise.race([started, bounded]);
          events.push("weather ended");
          return "done";
        },
        get_stock_price: () => {
          events.push("stock started");
          stockStarted();
          return "done";
        },
      },
      { tools },
    );
    clearTimeout(timer);
    expect(events).toStrictEqual(["weather started", "stock started", "weather ended"]);
  });

  it("reports every failure to the model as a tool message, never a crash", async () => {
    const bodies = [parallelCalls, finalBody, parallelCalls, finalBody, parallelCalls, finalBody];
    const server = replyInOrder(...bodies, parallelCalls, finalBody);
    const unprintable = {
      toJSON: () => {
        throw new Error("no JSON");
      },
      toString: () => {
        throw new Error("no text");
      },
    };
    const failures = [
      {
        GetWeatherArgs: () => errAsync(new Error("weather service down")),
        get_stock_price: () => Promise.reject(new Error("no quote")),
      },
      {
        GetWeatherArgs: () => {
          throw new TypeError("bad city");
        },
        get_stock_price: () => errAsync({ code: 42 }),
      },
      { GetWeatherArgs: () => 10n, get_stock_price: () => Promise.reject("plain reason") },
      {
        GetWeatherArgs: () => {
          throw unprintable;
        },
        get_stock_price: () => Promise.resolve(err("a plain Err in a Promise")),
      },
    ] as const;
    const contents: string[][] = [];
    for (const handlers of failures) {
      const run = await runTools(fixtureClient(), request, handlers, { tools });
      const done = run._unsafeUnwrap();
      expect(done.steps[0]?.toolResults.map((result) => result.isError)).toStrictEqual([true, true]);
      contents.push(done.steps[0]?.toolResults.map((result) => result.message.content) ?? []);
    }
    expect(server.isDone()).toBe(true);
    expect(contents).toStrictEqual([
      [
        "Error: the tool GetWeatherArgs failed: weather service down",
        "Error: the tool get_stock_price failed: no quote",
      ],
      [
        "Error: the tool GetWeatherArgs failed: bad city",
        'Error: the tool get_stock_price failed: {"code":42}',
      ],
      [
        "Error: the tool GetWeatherArgs failed: its result cannot be sent as JSON: Do not know how to serialize a BigInt",
        "Error: the tool get_stock_price failed: plain reason",
      ],
      [
        "Error: the tool GetWeatherArgs failed: (a value that cannot be printed)",
        "Error: the tool get_stock_price failed: a plain Err in a Promise",
      ],
    ]);
  });

  it("tells the model about an unknown tool, bad arguments and a missing handler", async () => {
    const cases = [
      [
        toolCallBody("get_time", "{}"),
        'Error: the model called a tool named "get_time" (call call_x), which is not among the tools offered: GetWeatherArgs, get_stock_price',
      ],
      [
        toolCallBody("get_stock_price", '{"ticker": 7}'),
        "Error: schema mismatch in the arguments of get_stock_price (call call_x) at ticker: Invalid type: Expected string but received 7",
      ],
      [toolCallBody("get_stock_price", '{"ticker": "A'), undefined],
      [
        toolCallBody("GetWeatherArgs", '{"city":"Oslo","country":"NO","units":"c"}'),
        "Error: the tool GetWeatherArgs has no handler",
      ],
    ] as const;
    for (const [body, content] of cases) {
      const server = replyInOrder(body, finalBody);
      const run = await runTools(fixtureClient(), request, { get_stock_price: () => "unused" } as never, {
        tools,
      });
      const [result] = run._unsafeUnwrap().steps[0]?.toolResults ?? [];
      expect(server.isDone()).toBe(true);
      expect(result?.isError).toBe(true);
      if (content === undefined)
        expect(result?.message.content).toMatch(
          /^Error: the arguments of get_stock_price \(call call_x\) are not JSON: /,
        );
      else expect(result?.message.content).toBe(content);
    }
  });

  it("ends with max_steps when the model still calls tools at the last step, without running those calls", async () => {
    const server = replyInOrder(parallelCalls, parallelCalls);
    let runs = 0;
    const run = await runTools(
      fixtureClient(),
      request,
      { GetWeatherArgs: () => ++runs, get_stock_price: () => ++runs },
      { tools, maxSteps: 2 },
    );
    expect(server.isDone()).toBe(true);
    expect(runs).toBe(2);
    expect(run._unsafeUnwrapErr()).toStrictEqual({
      kind: "output",
      reason: "max_steps",
      message:
        "the model still asked for tools after 2 model calls (maxSteps); its last tool calls were not run",
      retryable: false,
    });
  });

  it.each([0, 1.5, Number.NaN])("refuses maxSteps %s before any network call", async (maxSteps) => {
    const { client, calls } = countingClient();
    const run = await runTools(client, request, {}, { maxSteps });
    expect(calls()).toBe(0);
    expect(run._unsafeUnwrapErr()).toStrictEqual({
      kind: "invalid_request",
      field: "maxSteps",
      message: `invalid request: maxSteps must be an integer ≥ 1, got ${maxSteps}`,
      retryable: false,
    });
  });

  it("relaxes a forced tool choice to auto once tools ran, unless told not to", async () => {
    const forced = newChatCompletionRequest(
      "gpt-4o",
      [question],
      withTools(tools),
      withToolChoice("required"),
    );
    const handlers = { GetWeatherArgs: () => 1, get_stock_price: () => 2 };
    const relaxed = replyInOrder(parallelCalls, finalBody);
    await runTools(fixtureClient(), forced, handlers, { tools });
    const kept = replyInOrder(parallelCalls, finalBody);
    await runTools(fixtureClient(), forced, handlers, { tools, resetToolChoice: false });
    const choices = (server: { received: unknown[] }): unknown[] =>
      server.received.map((body) => (body as { tool_choice: unknown }).tool_choice);
    expect([choices(relaxed), choices(kept)]).toStrictEqual([
      ["required", "auto"],
      ["required", "required"],
    ]);
  });

  it("ends with the error of a failed model call", async () => {
    nock(apiOrigin)
      .post("/v1/chat/completions")
      .reply(200, parallelCalls, { "content-type": "application/json" })
      .post("/v1/chat/completions")
      .reply(400, { error: { message: "tool_call_id is wrong", type: "invalid_request_error" } });
    const run = await runTools(
      fixtureClient(),
      request,
      { GetWeatherArgs: () => 1, get_stock_price: () => 2 },
      { tools },
    );
    const error = run._unsafeUnwrapErr();
    expect(error.kind === "http" && [error.status, error.serverMessage]).toStrictEqual([
      400,
      "tool_call_id is wrong",
    ]);
  });

  it("does not start when the signal has already fired", async () => {
    const { client, calls } = countingClient();
    const controller = new AbortController();
    controller.abort();
    const run = await runTools(client, request, {}, { signal: controller.signal });
    expect(calls()).toBe(0);
    expect(run._unsafeUnwrapErr().kind).toBe("aborted");
  });

  it("stops waiting for handlers that never settle when the signal fires, and hands them the signal", async () => {
    const server = replyInOrder(parallelCalls);
    const controller = new AbortController();
    const signals: unknown[] = [];
    const never = (_args: unknown, _call: unknown, { signal }: { signal: AbortSignal | undefined }) => {
      signals.push(signal);
      return new Promise(() => undefined);
    };
    const running = runTools(
      fixtureClient(),
      request,
      {
        GetWeatherArgs: never,
        get_stock_price: (args, call, context) => {
          setTimeout(() => controller.abort(), 0);
          return never(args, call, context);
        },
      },
      { tools, signal: controller.signal },
    );
    const run = await running;
    expect(server.isDone()).toBe(true);
    expect(signals).toStrictEqual([controller.signal, controller.signal]);
    expect(run._unsafeUnwrapErr().kind).toBe("aborted");
  });

  it("refuses handlers that are not an object, before any network call", async () => {
    const { client, calls } = countingClient();
    const run = await runTools(client, request, null as never);
    expect(calls()).toBe(0);
    expect(run._unsafeUnwrapErr()).toStrictEqual({
      kind: "invalid_request",
      field: "handlers",
      message: "invalid request: handlers must be an object of handlers keyed by tool name",
      retryable: false,
    });
  });

  it("stops between steps when the signal fires while tools run", async () => {
    const server = replyInOrder(parallelCalls);
    const controller = new AbortController();
    const run = await runTools(
      fixtureClient(),
      request,
      {
        GetWeatherArgs: () => {
          controller.abort();
          return 1;
        },
        get_stock_price: () => 2,
      },
      { tools, signal: controller.signal },
    );
    expect(server.isDone()).toBe(true);
    expect(server.received.length).toBe(1);
    expect(run._unsafeUnwrapErr().kind).toBe("aborted");
  });
});
