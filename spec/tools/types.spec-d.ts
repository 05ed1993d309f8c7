import type { StandardSchemaV1 } from "@standard-schema/spec";
import { toStandardJsonSchema } from "@valibot/to-json-schema";
import type { Result, ResultAsync } from "neverthrow";
import * as v from "valibot";
import { describe, expectTypeOf, test } from "vitest";
import {
  type ChatCompletionResponse,
  type ChatCompletionStream,
  type ChatwireError,
  type Client,
  type DeepPartial,
  type InferOutput,
  newChatCompletionRequest,
  newFunctionTool,
  newUserMessage,
  type ParsedToolCall,
  parseOutput,
  parseToolCall,
  type ResponseToolCall,
  runTools,
  runToolsStream,
  streamOutput,
  type ToolCall,
  type ToolRun,
  withResponseJsonSchema,
  withTools,
} from "../../lib/index.ts";

declare const response: ChatCompletionResponse;
declare const client: Client;
declare const toolCall: ResponseToolCall;
declare const stream: ChatCompletionStream;

const City = v.object({ city: v.string(), temperature: v.number(), tags: v.optional(v.array(v.string())) });
type City = { city: string; temperature: number; tags?: string[] | undefined };

const getWeather = newFunctionTool({
  name: "get_weather",
  parameters: v.object({ city: v.string(), unit: v.picklist(["c", "f"]) }),
});
const getStock = newFunctionTool({
  name: "get_stock_price",
  parameters: v.pipe(
    v.object({ ticker: v.string() }),
    v.transform(({ ticker }) => ticker.toUpperCase()),
  ),
});
const plain = newFunctionTool({ name: "plain", parameters: { type: "object", properties: {} } });

describe("parseOutput takes its type from the schema", () => {
  test("a valibot schema gives its output type", () => {
    expectTypeOf(parseOutput(response, City)).toEqualTypeOf<Result<City, ChatwireError>>();
  });

  test("transforms change the type", () => {
    const Length = v.pipe(
      v.string(),
      v.transform((text) => text.length),
    );
    expectTypeOf(parseOutput(response, Length)).toEqualTypeOf<Result<number, ChatwireError>>();
  });

  test("a Standard Schema gives its output type", () => {
    const standard = {} as StandardSchemaV1<string, Date>;
    expectTypeOf(parseOutput(response, standard)).toEqualTypeOf<Result<Date, ChatwireError>>();
    expectTypeOf(parseOutput(response, toStandardJsonSchema(City))).toEqualTypeOf<
      Result<City, ChatwireError>
    >();
  });

  test("a plain JSON Schema, or none, gives unknown", () => {
    expectTypeOf(parseOutput(response, { type: "object" })).toEqualTypeOf<Result<unknown, ChatwireError>>();
    expectTypeOf(parseOutput(response)).toEqualTypeOf<Result<unknown, ChatwireError>>();
  });

  test("the schema sent and the schema read are the same value", () => {
    newChatCompletionRequest("m", [newUserMessage("Hi")], withResponseJsonSchema(City, { name: "city" }));
    expectTypeOf<InferOutput<typeof City>>().toEqualTypeOf<City>();
    expectTypeOf<DeepPartial<City>>().toEqualTypeOf<{
      city?: string;
      temperature?: number;
      tags?: string[] | undefined;
    }>();
  });
});

describe("parseToolCall takes its type from the tools", () => {
  test("one tool gives its name and arguments", () => {
    expectTypeOf(parseToolCall(toolCall, getWeather)).toEqualTypeOf<
      Result<ParsedToolCall<"get_weather", { city: string; unit: "c" | "f" }>, ChatwireError>
    >();
  });

  test("several tools give a union discriminated by name", () => {
    const parsed = parseToolCall(toolCall, [getWeather, getStock, plain]);
    if (parsed.isOk()) {
      const call = parsed.value;
      if (call.name === "get_weather")
        expectTypeOf(call.args).toEqualTypeOf<{ city: string; unit: "c" | "f" }>();
      else if (call.name === "get_stock_price") expectTypeOf(call.args).toEqualTypeOf<string>();
      else expectTypeOf(call.args).toEqualTypeOf<unknown>();
    }
  });

  test("a tool keeps its wire type, so withTools takes it as is", () => {
    newChatCompletionRequest("m", [newUserMessage("Hi")], withTools([getWeather, getStock, plain]));
  });
});

describe("runTools types the handlers from the tools", () => {
  const request = newChatCompletionRequest("m", [newUserMessage("Hi")], withTools([getWeather, getStock]));

  test("each handler gets its tool's arguments and the call", () => {
    const run = runTools(
      client,
      request,
      {
        get_weather: (args, call) => {
          expectTypeOf(args).toEqualTypeOf<{ city: string; unit: "c" | "f" }>();
          expectTypeOf(call).toEqualTypeOf<ToolCall>();
          return { celsius: 21 };
        },
        get_stock_price: async (ticker) => {
          expectTypeOf(ticker).toEqualTypeOf<string>();
          return 227.5;
        },
      },
      { tools: [getWeather, getStock], maxSteps: 4 },
    );
    expectTypeOf(run).toEqualTypeOf<ResultAsync<ToolRun, ChatwireError>>();
  });

  test("a handler per tool is required, and only for the tools given", () => {
    const tools = [getWeather, getStock] as const;
    const one = (): number => 1;
    // @ts-expect-error the get_stock_price handler is missing
    runTools(client, request, { get_weather: one }, { tools });
    // @ts-expect-error there is no tool named get_time
    runTools(client, request, { get_weather: one, get_stock_price: one, get_time: one }, { tools });
    runTools(client, request, {
      get_weather: (args) => {
        // Without typed tools the arguments are unknown.
        expectTypeOf(args).toEqualTypeOf<unknown>();
      },
    });
  });
});

describe("the streaming variants keep the types", () => {
  test("streamOutput gives partial inputs and a typed final result", async () => {
    for await (const event of streamOutput(stream, City)) {
      if (event.type === "partial") expectTypeOf(event.partial).toEqualTypeOf<DeepPartial<City>>();
      else expectTypeOf(event.result).toEqualTypeOf<Result<City, ChatwireError>>();
    }
    for await (const event of streamOutput(stream)) {
      if (event.type === "final") expectTypeOf(event.result).toEqualTypeOf<Result<unknown, ChatwireError>>();
    }
  });

  test("runToolsStream types the handlers like runTools", () => {
    const request = newChatCompletionRequest("m", [newUserMessage("Hi")], withTools([getWeather]));
    runToolsStream(
      client,
      request,
      { get_weather: (args) => expectTypeOf(args).toEqualTypeOf<{ city: string; unit: "c" | "f" }>() },
      { tools: [getWeather] },
    );
  });
});
